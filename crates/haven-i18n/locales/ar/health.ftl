## The patient's health screen (recording values, sync) and the charts of values over time.

health-title = صحتي
health-consent-withdrawn = لقد سحبت موافقتك، لذا لا يجمع Haven بيانات جديدة. لا تزال بياناتك الحالية ملكك، ويمكنك الاطلاع عليها وتنزيلها.
health-consent-not-signed = لا يسجّل Haven بياناتك إلا بعد أن توقّع نموذج الموافقة المستنيرة.
# A link to the informed consent page, after the sentence above.
health-consent-link = الموافقة المستنيرة
health-record-title = تسجيل
health-change-title = تغيير قيمة
# Shown where patients record values: Haven is not an emergency service.
health-emergency = لا يخضع Haven للمراقبة على مدار الساعة. إذا كنت بحاجة إلى مساعدة عاجلة، فاتصل برقم الطوارئ المحلي (999 في المملكة المتحدة، و112 في أوروبا، و911 في الولايات المتحدة).
# The label of the list of kinds of observation (heart rate, weight, …).
health-kind = النوع
# An entry of that list: the kind and its unit, e.g. "Heart rate (bpm)".
health-kind-option = { $kind } ({ $unit })
# The label of the symptom's name field.
health-symptom = العَرَض
health-systolic = الأعلى (الانقباضي)
health-diastolic = الأدنى (الانبساطي)
health-severity = الشدة (٠–١٠)
# The label of the field for a one-number value (a heart rate, a weight, …).
health-value-label = القيمة
health-when = متى (اتركه فارغًا إن كان الآن)
health-note = ملاحظة (اختيارية)
health-save = حفظ
health-save-change = حفظ التغيير
health-cancel = إلغاء
health-enter-systolic = أدخل قيمة الضغط الأعلى (الانقباضي) رقمًا.
health-enter-diastolic = أدخل قيمة الضغط الأدنى (الانبساطي) رقمًا.
health-enter-severity = أدخل الشدة (٠–١٠) رقمًا.
health-enter-value = أدخل القيمة رقمًا.
health-when-not-a-time = أدخل تاريخ القياس ووقته، أو اترك الحقل فارغًا إن كان القياس الآن.
health-when-future = هذا الوقت في المستقبل. أدخل وقت إجراء القياس.
health-when-before-1900 = هذا التاريخ سابق لعام ١٩٠٠. يُرجى التحقق من السنة.
health-saved-sent = حُفظت القيمة وأُرسلت.
health-changed-sent = غُيّرت القيمة وأُرسلت.
# $reason is the service's own sentence.
health-saved-refused = حُفظت القيمة على هذا الجهاز، لكن الخدمة لم تقبلها: { $reason }
health-changed-refused = غُيّرت القيمة على هذا الجهاز، لكن الخدمة لم تقبلها: { $reason }
health-saved-waiting = حُفظت القيمة على هذا الجهاز، وستُرسل عندما يصبح الوصول إلى خدمة Haven ممكنًا.
health-changed-waiting = غُيّرت القيمة على هذا الجهاز، وستُرسل عندما يصبح الوصول إلى خدمة Haven ممكنًا.
health-deleted = تم الحذف.
health-sync-title = المزامنة
health-all-sent = تم إرسال كل شيء.
# $count values recorded on this device and not yet sent.
health-waiting =
    { $count ->
        [zero] لا توجد قيم بانتظار الإرسال.
        [one] قيمة واحدة بانتظار الإرسال.
        [two] قيمتان بانتظار الإرسال.
        [few] { $count } قيم بانتظار الإرسال.
        [many] { $count } قيمة بانتظار الإرسال.
       *[other] { $count } قيمة بانتظار الإرسال.
    }
health-refused = قيم لم تقبلها الخدمة:
health-sync-now = المزامنة الآن
health-over-time = بمرور الوقت
health-nothing-yet = لم يُسجَّل شيء بعد.
health-back = رجوع

## A chart and the list of latest values under it.

# A value and its unit: "72 bpm", "36.6 °C".
health-value = { $value } { $unit }
# On hovering a point: its time, value and unit.
health-chart-point = { $time }: { $value } { $unit }
# The same for charts with two lines: $line names the line ("Upper (systolic)").
health-chart-point-line = { $time }: { $line } { $value } { $unit }
# How many values the chart draws.
health-chart-count =
    { $count ->
        [zero] لا توجد قيم
        [one] قيمة واحدة
        [two] قيمتان
        [few] { $count } قيم
        [many] { $count } قيمة
       *[other] { $count } قيمة
    }
# What the chart shows, for screen readers: $kind is e.g. "Heart rate", $from and $to are times.
health-chart-title =
    { $kind } بمرور الوقت: { $count ->
        [zero] لا توجد قيم
        [one] قيمة واحدة
        [two] قيمتان
        [few] { $count } قيم
        [many] { $count } قيمة
       *[other] { $count } قيمة
    } من { $from } إلى { $to }، بين { $low } و{ $high } { $unit }
# After the kind's name above a chart, before its latest value: "Heart rate — latest 72 bpm".
health-chart-latest = — آخر قيمة
# $kind is the kind's name in lower case: "Latest heart rate values".
health-chart-latest-values = أحدث قيم { $kind }
health-chart-change = تغيير
health-chart-delete = حذف
health-chart-delete-question = هل تريد حذف هذه القيمة؟
# Answers "Delete this value?": do not delete it.
health-chart-keep = الإبقاء عليها
