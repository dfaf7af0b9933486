legal-title = المعلومات القانونية
legal-loading = جارٍ التحميل…
legal-back = رجوع
# Beside a document's title in the list. $version: the document's version (e.g. 2).
legal-version = الإصدار { $version }
# $version: the document's version (e.g. 2); $date: the day it was published (e.g. 29 Nov 2026).
legal-version-published = الإصدار { $version }، نُشر في { $date }
