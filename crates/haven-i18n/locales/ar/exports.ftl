exports-title = تنزيل بياناتك
exports-hint = تُجهَّز بياناتك في الخلفية، ويُعلمك Haven عندما تصبح جاهزة. يمكن حفظ الملفات لمدة ٧ أيام.
exports-loading = جارٍ التحميل…
exports-back = رجوع

## The file formats
exports-format-csv = CSV (جدول بيانات)
exports-format-pdf = PDF (ملخص ورسوم بيانية وجميع القيم)
exports-format-fhir = FHIR JSON (للأنظمة الصحية الأخرى)
# $format: one of the formats above.
exports-request = طلب { $format }

## Times in the files
exports-zone-label = الأوقات في ملفاتك
# An option of "Times in your files": $zone is a time zone's name (Europe/London) or UTC.
exports-zone-device = توقيت هذا الجهاز ({ $zone })
# $zone: a time zone's name (Europe/London) or UTC.
exports-zone-shown-in = تُعرض الأوقات في ملفاتك بتوقيت { $zone }.

## The requested files
exports-none = لا توجد تنزيلات بعد.
exports-expired = انتهت صلاحيته — اطلب ملفًا جديدًا.
# $n: how many values the file holds.
exports-ready =
    { $n ->
        [zero] جاهز: لا توجد قيم
        [one] جاهز: قيمة واحدة
        [two] جاهز: قيمتان
        [few] جاهز: { $n } قيم
       *[other] جاهز: { $n } قيمة
    }
# $n: how many values the file holds; $zone: the time zone its times are written in.
exports-ready-times =
    { $n ->
        [zero] جاهز: لا توجد قيم، والأوقات بتوقيت { $zone }
        [one] جاهز: قيمة واحدة، والأوقات بتوقيت { $zone }
        [two] جاهز: قيمتان، والأوقات بتوقيت { $zone }
        [few] جاهز: { $n } قيم، والأوقات بتوقيت { $zone }
       *[other] جاهز: { $n } قيمة، والأوقات بتوقيت { $zone }
    }
exports-save = حفظ…
exports-failed = تعذّر تجهيزه. اطلب ملفًا جديدًا.
exports-preparing = جارٍ التجهيز…
# $path: where the file was saved on this device.
exports-saved-to = تم الحفظ في { $path }

## The PDF file: its words are in the language it was asked for in
exports-pdf-title = Haven — تصدير البيانات الصحية
# The PDF's title in its properties; $name: the patient's name.
exports-pdf-document-title = Haven — تصدير البيانات الصحية — { $name }
# The PDF's description in its properties.
exports-pdf-description = تصدير البيانات الصحية
# At the foot of every page; $name: the patient's name.
exports-pdf-footer = Haven — تصدير البيانات الصحية · { $name }
# $n: this page's number; $total: how many pages there are.
exports-pdf-page = الصفحة { $n } من { $total }
# The labels of the first page's details (each followed by its value).
exports-pdf-patient = المريض:
exports-pdf-deployment = مقدّم الرعاية:
exports-pdf-generated = تاريخ الإنشاء:
exports-pdf-observations = عدد القياسات:
exports-pdf-period = الفترة:
exports-pdf-time-zone = المنطقة الزمنية:
# The patient, after "Patient:"; $name and $email are theirs.
exports-pdf-person = { $name } <{ $email }>
# After "Period:": the first and the last value's times.
exports-pdf-period-from-to = من { $from } إلى { $to }
# After "Time zone:"; $zone: a time zone's name (Europe/London) or UTC.
exports-pdf-all-times-in = جميع الأوقات بتوقيت { $zone }
# Section headings.
exports-pdf-summary = الملخص
exports-pdf-charts = الرسوم البيانية
exports-pdf-all-observations = جميع القياسات
# Above the table of every value; $zone: a time zone's name.
exports-pdf-times-in = الأوقات بتوقيت { $zone }
exports-pdf-none = لا توجد قياسات في هذا التصدير.
exports-pdf-blood-pressure-note = ضغط الدم: الأدنى والأعلى هما القراءتان اللتان سُجّل فيهما أدنى وأعلى ضغط انقباضي، كما أُخذتا.
# Column titles of the tables (short: columns are narrow).
exports-pdf-column-when = التاريخ / الوقت
exports-pdf-column-kind = النوع
exports-pdf-column-value = القيمة
exports-pdf-column-unit = الوحدة
exports-pdf-column-note = ملاحظة
exports-pdf-column-count = العدد
exports-pdf-column-first = الأولى
exports-pdf-column-last = الأخيرة
exports-pdf-column-lowest = الأدنى
exports-pdf-column-highest = الأعلى
exports-pdf-column-mean = المتوسط
# A chart's title: $kind (Heart rate) and its $unit (bpm).
exports-pdf-chart-title = { $kind } ({ $unit })
# Beside a chart; $n: how many values it draws.
exports-pdf-chart-count =
    { $n ->
        [zero] لا توجد قياسات
        [one] قياس واحد
        [two] قياسان
        [few] { $n } قياسات
        [many] { $n } قياسًا
       *[other] { $n } قياس
    }
# A chart's legend, in the colour of its line; $line names the line ("Upper (systolic)").
exports-pdf-chart-line = — { $line }
