legal-title = Legal
legal-loading = Loading…
legal-back = Back
# Beside a document's title in the list. $version: the document's version (e.g. 2).
legal-version = version { $version }
# $version: the document's version (e.g. 2); $date: the day it was published (e.g. 29 Nov 2026).
legal-version-published = Version { $version }, published { $date }
