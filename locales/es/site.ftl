### Interface text shared by every page of the site (Spanish).

site-name = Amnistía Internacional
skip-link = Ir al contenido principal
language-switcher-label = Otros idiomas
language-chooser-title = Elige tu idioma
language-chooser-intro = Esta página está disponible en los siguientes idiomas.
printable-version = Versión para imprimir
download-pdf = Descargar en PDF
web-version = Leer esta página en línea
footer-note = Publicado por { site-name }, un movimiento de personas que se toman la injusticia como algo personal.
# Shown at the top of a page when some of its text is still in another language.
partial-translation-notice = Algunas partes de esta página aún no se han traducido y se muestran en otro idioma.
# The print version's page counter. $page and $pages are filled in by the printer.
print-page-number = Página { $page } de { $pages }
print-link-note = Los enlaces se imprimen con su dirección después del texto del enlace.
# Shown at the top of a page when the source text of some of its messages changed after they were translated.
stale-translation-notice = Esta traducción se hizo a partir de una versión anterior de la página y es posible que algunas partes estén desactualizadas.
