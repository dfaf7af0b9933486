legal-title = Información legal
legal-loading = Cargando…
legal-back = Volver
# Beside a document's title in the list. $version: the document's version (e.g. 2).
legal-version = versión { $version }
# $version: the document's version (e.g. 2); $date: the day it was published (e.g. 29 Nov 2026).
legal-version-published = Versión { $version }, publicada el { $date }
