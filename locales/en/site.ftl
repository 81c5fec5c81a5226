### Interface text shared by every page of the site.

site-name = Amnesty International
skip-link = Skip to main content
language-switcher-label = Other languages
language-chooser-title = Choose your language
language-chooser-intro = This page is available in the following languages.
printable-version = Printable version
# Link to the print version as a PDF file; shown only when the build prints PDFs.
download-pdf = Download as PDF
web-version = Read this page online
footer-note = Published by { site-name }, a movement of people who take injustice personally.
# Shown at the top of a page when some of its text is still in another language.
partial-translation-notice = Parts of this page have not been translated yet and are shown in another language.
# The print version's page counter. $page and $pages are filled in by the printer.
print-page-number = Page { $page } of { $pages }
print-link-note = Links are printed with their address after the link text.
# Shown at the top of a page when the source text of some of its messages changed after they were translated.
stale-translation-notice = This translation is based on an earlier version of the page and may be partly out of date.
