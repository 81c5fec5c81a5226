### Interface text shared by every page of the site (French).

site-name = Amnesty International
skip-link = Aller au contenu principal
language-switcher-label = Autres langues
language-chooser-title = Choisissez votre langue
language-chooser-intro = Cette page est disponible dans les langues suivantes.
printable-version = Version imprimable
download-pdf = Télécharger en PDF
web-version = Lire cette page en ligne
footer-note = Publié par { site-name }, un mouvement de personnes qui se sentent personnellement concernées par l'injustice.
# Shown at the top of a page when some of its text is still in another language.
partial-translation-notice = Certaines parties de cette page n'ont pas encore été traduites et sont affichées dans une autre langue.
# The print version's page counter. $page and $pages are filled in by the printer.
print-page-number = Page { $page } sur { $pages }
print-link-note = Les liens sont imprimés suivis de leur adresse.
# Shown at the top of a page when the source text of some of its messages changed after they were translated.
stale-translation-notice = Cette traduction a été faite à partir d'une version antérieure de la page et n'est peut-être plus entièrement à jour.
