## The signed-in landing screen, and the clinician's list of patients and patient page.

home-title = الرئيسية
home-codes-saved = لقد حفظتها
home-loading = جارٍ التحميل…
home-disclaimer-title = قبل أن تبدأ
home-disclaimer = يعرض Haven ما يسجّله المرضى. وهو لا يحلّ محلّ التقدير السريري، ولا يخضع للمراقبة على مدار الساعة: إذ يُطلب من المرضى الاتصال بخدمات الطوارئ عند حاجتهم إلى مساعدة عاجلة.
home-disclaimer-ok = لقد قرأت هذا وفهمته
home-start = ابدأ استخدام Haven
home-biometric-title = فعّل تسجيل الدخول ببصمة الإصبع
home-biometric-required = تشترط مؤسستك تسجيل الدخول بالقياسات الحيوية: سيُفتح Haven ببصمة إصبعك عندما يكون مقفلًا.
home-biometric-on = تفعيل
home-biometric-later = لاحقًا
home-dashboard = لوحة الطبيب
# $role is the account's role (Patient, Clinician, Administrator).
home-signed-in-as = تم تسجيل الدخول باسم { $name } · { $role }
home-your-patients = مرضاك
home-health-link = صحتي: سجّل قيمك واطّلع عليها
# $method is how the second step is done, in lower case (e.g. "authenticator app").
home-two-step-on = التحقق بخطوتين: مفعّل — { $method }
home-two-step-off = التحقق بخطوتين: غير مفعّل
home-account = الحساب
home-admin = الإدارة
home-sign-out = تسجيل الخروج

## The clinician's patients.

home-loading-patients = جارٍ تحميل المرضى…
home-no-patients = لا يوجد مرضى بعد.
# A patient in the list: how many values they recorded ($last: when the last was; then their consent
# when it is not signed).
home-patient-values =
    { $count ->
        [zero] لا توجد قيم
        [one] قيمة واحدة
        [two] قيمتان
        [few] { $count } قيم
        [many] { $count } قيمة
       *[other] { $count } قيمة
    }
home-patient-values-withdrawn =
    { $count ->
        [zero] لا توجد قيم
        [one] قيمة واحدة
        [two] قيمتان
        [few] { $count } قيم
        [many] { $count } قيمة
       *[other] { $count } قيمة
    }، الموافقة مسحوبة
home-patient-values-not-signed =
    { $count ->
        [zero] لا توجد قيم
        [one] قيمة واحدة
        [two] قيمتان
        [few] { $count } قيم
        [many] { $count } قيمة
       *[other] { $count } قيمة
    }، الموافقة غير موقّعة
home-patient-values-last =
    { $count ->
        [zero] لا توجد قيم
        [one] قيمة واحدة
        [two] قيمتان
        [few] { $count } قيم
        [many] { $count } قيمة
       *[other] { $count } قيمة
    }، آخرها في { $last }
home-patient-values-last-withdrawn =
    { $count ->
        [zero] لا توجد قيم
        [one] قيمة واحدة
        [two] قيمتان
        [few] { $count } قيم
        [many] { $count } قيمة
       *[other] { $count } قيمة
    }، آخرها في { $last }، الموافقة مسحوبة
home-patient-values-last-not-signed =
    { $count ->
        [zero] لا توجد قيم
        [one] قيمة واحدة
        [two] قيمتان
        [few] { $count } قيم
        [many] { $count } قيمة
       *[other] { $count } قيمة
    }، آخرها في { $last }، الموافقة غير موقّعة
home-patient = المريض
home-patient-withdrew = سُحبت موافقة { $name }: لا يُجمع أي شيء جديد.
home-patient-not-signed = لم تُوقَّع الموافقة المستنيرة من قِبل { $name } بعد.
home-over-time = بمرور الوقت
home-nothing-yet = لم يُسجَّل شيء بعد.
home-back-to-patients = العودة إلى مرضاك
