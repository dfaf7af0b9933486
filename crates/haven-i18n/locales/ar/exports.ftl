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
