### Die Seite „Über Amnesty International“.
###
### Argumente, die die Vorlage übergibt:
###   $members      Zahl der Menschen in der Bewegung (eine Zahl)
###   $founded      Jahr, in dem der erste Artikel erschien (ISO-Datum, als Jahr angezeigt)
###   $jubilee      Jahr der Jubiläumsfeiern (ISO-Datum, als Jahr angezeigt)
###   $anniversary  welches Jubiläum gefeiert wurde (eine Zahl, als Ordinalzahl angezeigt)
###
### Markup: <strong> und <em> sind erlaubt; die Adresse des Links
### <a data-l10n-name="history-link"> liefert die Vorlage.
###
### Die Seite wird in einer Sprache nur veröffentlicht, wenn alle
### Nachrichten der Gruppe „Required“ übersetzt sind.

-amnesty = Amnesty International
-observer = The Observer
-udhr = Allgemeine Erklärung der Menschenrechte

## Required

page-title = Über { -amnesty }
    .description = Wer wir sind, wofür wir einstehen und wie aus einem Zeitungsartikel von 1961 eine weltweite Bewegung für die Menschenrechte wurde.

mission-heading = Mission und Vision

mission-movement = { -amnesty } ist eine weltweite Bewegung von mehr als { NUMBER($members) } Menschen, die Unrecht nicht gleichgültig lässt. Wir setzen uns für eine Welt ein, in der alle Menschen ihre Menschenrechte wahrnehmen können.

mission-independence = Wir finanzieren uns durch unsere Mitglieder und Menschen wie Sie. Wir sind unabhängig von politischen Ideologien, wirtschaftlichen Interessen und Religionen. Keine Regierung ist über kritische Prüfung erhaben. Keine Lage ist aussichtslos.

mission-achievements = Als wir anfingen, hätten nur wenige vorausgesagt, dass Folterer international geächtet würden. Dass die meisten Länder die Todesstrafe abschaffen würden. Und dass scheinbar unantastbare Diktatoren sich für ihre Verbrechen verantworten müssten.

## History

history-heading = Geschichte

history-article = { DATETIME($founded, year: "numeric") } erschien in der Londoner Zeitung { -observer } der Artikel „Die vergessenen Gefangenen“. Verfasst hatte ihn der britische Anwalt Peter Benenson, der darin seinen Abscheu vor dem weltweiten Trend zum Ausdruck brachte, Menschen einzusperren, zu foltern oder hinzurichten, weil ihre politischen oder religiösen Ansichten ihren Regierungen nicht genehm waren.

history-benenson = Benenson war empört über die Geschichte zweier portugiesischer Studenten, die zu sieben Jahren Haft verurteilt worden waren, weil sie auf die Freiheit angestoßen hatten. Das veranlasste ihn, jenen folgenreichen Artikel zu schreiben, in dem er seine Vision gemeinsamen Handelns darlegte – eine Vision, die die Arbeit von { -amnesty } bis heute prägt.

history-anniversary = { DATETIME($jubilee, year: "numeric") } beging { -amnesty } den { $anniversary }. Jahrestag ihrer Gründung – mit weltweiten Aktionen das ganze Jahr hindurch, die sich der Todesstrafe, der Meinungsfreiheit, den reproduktiven Rechten, der internationalen Justiz und dem Kampf gegen Menschenrechtsverstöße durch Unternehmen widmeten.

history-today = Heute führen wir eine neue, globale Arbeitsweise ein – mit regionalen Zentren für Recherche, Kampagnen und Kommunikation. <a data-l10n-name="history-link">Mehr zur Geschichte auf Amnesty.org</a>.

## Human rights

rights-heading = Was sind Menschenrechte?

rights-definition = Menschenrechte sind die grundlegenden Freiheiten und Schutzrechte, die allen Menschen zustehen, einfach weil sie Menschen sind. Sie sind in der { -udhr } verankert.

rights-universal = Menschenrechte sind universell: Sie gelten für alle – unabhängig von Hautfarbe, sexueller Orientierung, Staatsbürgerschaft, Geschlecht, Nationalität, ethnischer Zugehörigkeit oder Behinderung.

rights-list-label = Was Menschenrechte ausmacht

rights-item-basic = <strong>Menschenrechte sind die grundlegenden Freiheiten und Schutzrechte</strong>, die allen Menschen zustehen, einfach weil sie Menschen sind. Sie sind in der { -udhr } verankert.

rights-item-universal = <strong>Menschenrechte sind universell:</strong> Sie gelten für alle – unabhängig von Hautfarbe, sexueller Orientierung, Staatsbürgerschaft, Geschlecht, Nationalität, ethnischer Zugehörigkeit oder Behinderung.

rights-item-essential = <strong>Menschenrechte sind unverzichtbar:</strong> Sie sind unerlässlich für Freiheit, Gerechtigkeit und Frieden.
