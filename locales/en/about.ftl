### The "About Amnesty International" page.
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
-udhr = Universal Declaration of Human Rights

## Required

page-title = About { -amnesty }
    .description = Who we are, what we stand for and how a newspaper article in 1961 became a worldwide movement for human rights.

mission-heading = Mission and vision

# The number is shown in full ("7,000,000"). Languages that say
# "7 000 000 de personnes" can select on $members and use the [many] form.
mission-movement = { -amnesty } is a global movement of more than { NUMBER($members) } people who take injustice personally. We are campaigning for a world where human rights are enjoyed by all.

mission-independence = We are funded by members and people like you. We are independent of any political ideology, economic interest or religion. No government is beyond scrutiny. No situation is beyond hope.

mission-achievements = Few would have predicted when we started that torturers would become international outlaws. That most countries would abolish the death penalty. And seemingly untouchable dictators would be made to answer for their crimes.

## History

history-heading = History

history-article = In { DATETIME($founded, year: "numeric") } an article, “The forgotten prisoners”, appeared in { -observer } newspaper of London. It was written by British lawyer, Peter Benenson, and described his disgust at the global trend of imprisoning, torturing or executing people because their political or religious views were unacceptable to their governments.

history-benenson = Benenson was outraged by the story of two Portuguese students who were sentenced to seven years’ imprisonment for raising a toast to freedom. This prompted him to write the momentous article that expressed his vision of collective action that defines { -amnesty }’s work today.

history-growth = { -amnesty } expanded from a single office to today’s major human rights organisation, holding at its heart political impartiality, independence from governments, and rigorous accuracy of information.

history-anniversary = In { DATETIME($jubilee, year: "numeric") } { -amnesty } celebrated its { NUMBER($anniversary, type: "ordinal") ->
        [one] { $anniversary }st
        [two] { $anniversary }nd
        [few] { $anniversary }rd
       *[other] { $anniversary }th
    } anniversary with global actions throughout the year focusing on the death penalty, freedom of expression, reproductive rights, international justice and halting corporate abuse.

history-today = Today we are introducing a new, global approach to working, with regional hubs for research, campaigns and communications. <a data-l10n-name="history-link">Read more history on Amnesty.org</a>.

## Human rights

rights-heading = What are human rights?

rights-definition = Human rights are the basic freedoms and protections that people are entitled to simply because they are human beings. They are enshrined in the { -udhr }.

rights-universal = Human rights are universal: They belong to everyone, regardless of race, sexuality, citizenship, gender, nationality, ethnicity, or ability.

rights-list-label = What makes human rights what they are

rights-item-basic = <strong>Human rights are the basic freedoms and protections</strong> that people are entitled to simply because they are human beings. They are enshrined in the { -udhr }.

rights-item-universal = <strong>Human rights are universal:</strong> They belong to everyone, regardless of race, sexuality, citizenship, gender, nationality, ethnicity, or ability.

rights-item-inherent = <strong>Human rights are inherent:</strong> We are all born with human rights. They belong to people simply because they are human beings.

rights-item-inalienable = <strong>Human rights are inalienable:</strong> They cannot be taken away. No person, corporation, organisation or government can deprive a person of his or her rights.

rights-item-violable = <strong>Human rights can be violated:</strong> Although they are inalienable, they are not invulnerable. Violations can prevent people from enjoying their rights, but they do not stop the rights existing.

rights-item-essential = <strong>Human rights are essential:</strong> They are essential for freedom, justice, and peace.
