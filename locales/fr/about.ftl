### The "About Amnesty International" page (French).
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

-amnesty = Amnesty International
-observer = The Observer
-udhr = Déclaration universelle des droits de l'homme

## Required

page-title = À propos d'{ -amnesty }
    .description = Qui nous sommes, ce que nous défendons et comment un article de journal paru en 1961 est devenu un mouvement mondial de défense des droits humains.

mission-heading = Mission et vision

# French says "7 000 000 de personnes" for round millions (CLDR category
# "many"), but "7 250 000 personnes" otherwise.
mission-movement =
    { $members ->
        [one] { -amnesty } est un mouvement mondial de plus de { NUMBER($members) } personne qui se sent personnellement concernée par l'injustice. Nous menons campagne pour un monde où chacun et chacune jouit des droits humains.
        [many] { -amnesty } est un mouvement mondial de plus de { NUMBER($members) } de personnes qui se sentent personnellement concernées par l'injustice. Nous menons campagne pour un monde où chacun et chacune jouit des droits humains.
       *[other] { -amnesty } est un mouvement mondial de plus de { NUMBER($members) } personnes qui se sentent personnellement concernées par l'injustice. Nous menons campagne pour un monde où chacun et chacune jouit des droits humains.
    }

mission-independence = Nous sommes financés par nos membres et par des personnes comme vous. Nous sommes indépendants de toute idéologie politique, de tout intérêt économique et de toute religion. Aucun gouvernement n'échappe à notre vigilance. Aucune situation n'est sans espoir.

mission-achievements = À nos débuts, peu de gens auraient pu prédire que les tortionnaires seraient un jour mis au ban de la communauté internationale. Que la plupart des pays aboliraient la peine de mort. Et que des dictateurs apparemment intouchables seraient contraints de répondre de leurs crimes.

## History

history-heading = Histoire

history-article = En { DATETIME($founded, year: "numeric") }, le journal londonien { -observer } a publié un article intitulé « Les prisonniers oubliés ». Son auteur, l'avocat britannique Peter Benenson, y exprimait son dégoût face à la tendance mondiale consistant à emprisonner, torturer ou exécuter des personnes parce que leurs opinions politiques ou religieuses étaient jugées inacceptables par leur gouvernement.

history-benenson = Benenson avait été indigné par l'histoire de deux étudiants portugais condamnés à sept ans d'emprisonnement pour avoir porté un toast à la liberté. C'est ce qui l'a poussé à écrire cet article historique, dans lequel il exposait sa vision d'une action collective, celle-là même qui définit aujourd'hui le travail d'{ -amnesty }.

history-growth = Partie d'un unique bureau, { -amnesty } est devenue la grande organisation de défense des droits humains qu'elle est aujourd'hui, avec pour valeurs cardinales l'impartialité politique, l'indépendance à l'égard des gouvernements et l'exactitude rigoureuse de ses informations.

# CLDR French ordinals have only "one" (1er) and "other" (2e, 50e…).
history-anniversary = En { DATETIME($jubilee, year: "numeric") }, { -amnesty } a célébré son { NUMBER($anniversary, type: "ordinal") ->
        [one] { $anniversary }er
       *[other] { $anniversary }e
    } anniversaire par des actions menées dans le monde entier tout au long de l'année autour de la peine de mort, de la liberté d'expression, des droits reproductifs, de la justice internationale et de la lutte contre les abus commis par les entreprises.

history-today = Aujourd'hui, nous adoptons une nouvelle organisation du travail à l'échelle mondiale, avec des pôles régionaux consacrés à la recherche, aux campagnes et à la communication. <a data-l10n-name="history-link">Découvrez notre histoire plus en détail sur Amnesty.org</a>.

## Human rights

rights-heading = Que sont les droits humains ?

rights-definition = Les droits humains sont les libertés et les protections fondamentales auxquelles toute personne peut prétendre, du simple fait qu'elle est un être humain. Ils sont inscrits dans la { -udhr }.

rights-universal = Les droits humains sont universels : ils appartiennent à tout le monde, sans distinction de race, d'orientation sexuelle, de citoyenneté, de genre, de nationalité, d'origine ethnique ou de handicap.

rights-list-label = Ce qui définit les droits humains

rights-item-basic = <strong>Les droits humains sont les libertés et les protections fondamentales</strong> auxquelles toute personne peut prétendre, du simple fait qu'elle est un être humain. Ils sont inscrits dans la { -udhr }.

rights-item-universal = <strong>Les droits humains sont universels :</strong> ils appartiennent à tout le monde, sans distinction de race, d'orientation sexuelle, de citoyenneté, de genre, de nationalité, d'origine ethnique ou de handicap.

rights-item-inherent = <strong>Les droits humains sont inhérents à la personne :</strong> nous naissons tous avec des droits humains. Ils appartiennent à chaque personne, du simple fait qu'elle est un être humain.

rights-item-inalienable = <strong>Les droits humains sont inaliénables :</strong> ils ne peuvent pas nous être retirés. Nul individu, nulle entreprise, nulle organisation, nul gouvernement ne peut priver une personne de ses droits.

rights-item-violable = <strong>Les droits humains peuvent être violés :</strong> s'ils sont inaliénables, ils ne sont pas pour autant invulnérables. Les violations peuvent empêcher des personnes d'exercer leurs droits, mais ces droits n'en continuent pas moins d'exister.

rights-item-essential = <strong>Les droits humains sont essentiels :</strong> ils sont indispensables à la liberté, à la justice et à la paix.
