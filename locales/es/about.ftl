### The "About Amnesty International" page (Spanish).
###
### Arguments the template passes:
###   $members      the number of people in the movement (a number)
###   $founded      the year the first article appeared (an ISO date, shown as a year)
###   $jubilee      the year of the anniversary celebrations (an ISO date, shown as a year)
###   $anniversary  which anniversary was celebrated (a number, shown as an ordinal)
###
### Markup: <strong> and <em> may be used; the link
### <a data-l10n-name="history-link"> gets its address from the template.
###
### The page is published in a language only when every message in the
### "Required" group is translated.

-amnesty = Amnistía Internacional
-observer = The Observer
-udhr = Declaración Universal de Derechos Humanos

## Required

page-title = Acerca de { -amnesty }
    .description = Quiénes somos, qué defendemos y cómo un artículo de periódico publicado en 1961 se convirtió en un movimiento mundial por los derechos humanos.

mission-heading = Misión y visión

# Spanish says "7 000 000 de personas" for round millions (CLDR category
# "many"), but "7 250 000 personas" otherwise.
mission-movement =
    { $members ->
        [one] { -amnesty } es un movimiento mundial de más de { NUMBER($members) } persona que se toma la injusticia como algo personal. Hacemos campaña por un mundo en el que todas las personas disfruten de los derechos humanos.
        [many] { -amnesty } es un movimiento mundial de más de { NUMBER($members) } de personas que se toman la injusticia como algo personal. Hacemos campaña por un mundo en el que todas las personas disfruten de los derechos humanos.
       *[other] { -amnesty } es un movimiento mundial de más de { NUMBER($members) } personas que se toman la injusticia como algo personal. Hacemos campaña por un mundo en el que todas las personas disfruten de los derechos humanos.
    }

mission-independence = Nos financiamos gracias a nuestros miembros y a personas como tú. Somos independientes de cualquier ideología política, interés económico o religión. Ningún gobierno escapa a nuestro escrutinio. Ninguna situación está perdida.

mission-achievements = Cuando empezamos, pocos habrían imaginado que los torturadores acabarían proscritos por la comunidad internacional. Que la mayoría de los países abolirían la pena de muerte. Y que dictadores aparentemente intocables se verían obligados a rendir cuentas por sus crímenes.

## History

history-heading = Historia

history-article = En { DATETIME($founded, year: "numeric") }, el periódico londinense { -observer } publicó un artículo titulado «Los presos olvidados». Lo escribió el abogado británico Peter Benenson, que expresaba en él su repulsa ante la tendencia mundial a encarcelar, torturar o ejecutar a personas cuyas opiniones políticas o religiosas resultaban inaceptables para sus gobiernos.

history-benenson = A Benenson lo indignó la historia de dos estudiantes portugueses condenados a siete años de prisión por brindar por la libertad. Esto lo llevó a escribir el trascendental artículo en el que plasmó su visión de una acción colectiva que hoy define el trabajo de { -amnesty }.

history-growth = { -amnesty } pasó de ser una única oficina a convertirse en la gran organización de derechos humanos que es hoy, con la imparcialidad política, la independencia frente a los gobiernos y la rigurosa exactitud de la información como pilares fundamentales.

# CLDR Spanish ordinals have only the "other" category: 50 -> "50.º".
history-anniversary = En { DATETIME($jubilee, year: "numeric") }, { -amnesty } celebró su { $anniversary }.º aniversario con acciones en todo el mundo a lo largo del año centradas en la pena de muerte, la libertad de expresión, los derechos reproductivos, la justicia internacional y el fin de los abusos cometidos por empresas.

history-today = Hoy estamos implantando una nueva forma de trabajar, de alcance mundial, con centros regionales dedicados a la investigación, las campañas y las comunicaciones. <a data-l10n-name="history-link">Descubre más sobre nuestra historia en Amnesty.org</a>.

## Human rights

rights-heading = ¿Qué son los derechos humanos?

rights-definition = Los derechos humanos son las libertades y protecciones básicas que corresponden a todas las personas por el simple hecho de ser seres humanos. Están consagrados en la { -udhr }.

rights-universal = Los derechos humanos son universales: pertenecen a todas las personas, independientemente de su raza, orientación sexual, ciudadanía, género, nacionalidad, origen étnico o discapacidad.

rights-list-label = Lo que define a los derechos humanos

rights-item-basic = <strong>Los derechos humanos son las libertades y protecciones básicas</strong> que corresponden a todas las personas por el simple hecho de ser seres humanos. Están consagrados en la { -udhr }.

rights-item-universal = <strong>Los derechos humanos son universales:</strong> pertenecen a todas las personas, independientemente de su raza, orientación sexual, ciudadanía, género, nacionalidad, origen étnico o discapacidad.

rights-item-inherent = <strong>Los derechos humanos son inherentes a la persona:</strong> todos nacemos con derechos humanos. Pertenecen a las personas por el simple hecho de ser seres humanos.

rights-item-inalienable = <strong>Los derechos humanos son inalienables:</strong> nadie nos los puede arrebatar. Ninguna persona, empresa, organización o gobierno puede privar a nadie de sus derechos.

rights-item-violable = <strong>Los derechos humanos pueden ser vulnerados:</strong> aunque son inalienables, no son invulnerables. Las violaciones pueden impedir que las personas disfruten de sus derechos, pero no hacen que esos derechos dejen de existir.

rights-item-essential = <strong>Los derechos humanos son esenciales:</strong> son imprescindibles para la libertad, la justicia y la paz.
