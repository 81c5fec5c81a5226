### Oberflächentexte, die alle Seiten der Website gemeinsam nutzen.

site-name = Amnesty International
skip-link = Zum Hauptinhalt springen
language-switcher-label = Andere Sprachen
language-chooser-title = Sprache wählen
language-chooser-intro = Diese Seite ist in den folgenden Sprachen verfügbar.
printable-version = Druckversion
download-pdf = Als PDF herunterladen
web-version = Diese Seite online lesen
footer-note = Herausgegeben von { site-name }, einer Bewegung von Menschen, die Unrecht nicht gleichgültig lässt.
# Wird oben auf einer Seite angezeigt, wenn ein Teil ihres Textes noch in einer anderen Sprache ist.
partial-translation-notice = Teile dieser Seite sind noch nicht übersetzt und werden in einer anderen Sprache angezeigt.
# Seitenzähler der Druckversion. $page und $pages setzt der Drucker ein.
print-page-number = Seite { $page } von { $pages }
print-link-note = Links werden mit ihrer Adresse hinter dem Linktext gedruckt.
# Wird oben auf einer Seite angezeigt, wenn sich der Ausgangstext einiger ihrer Texte nach der Übersetzung geändert hat.
stale-translation-notice = Diese Übersetzung beruht auf einer früheren Fassung der Seite und ist möglicherweise nicht mehr in allen Teilen aktuell.
