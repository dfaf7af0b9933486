account-title = الحساب
account-your-data = بياناتك
account-exports-link = تنزيل بياناتك
account-consent-link = الموافقة المستنيرة
account-legal-link = المعلومات القانونية
account-back = رجوع

## Two-step verification
account-two-step-title = التحقق بخطوتين
account-two-step-hint = بعد إدخال كلمة المرور، يطلب منك Haven رمزًا من هاتفك.
account-two-step-on-sms = مُفعَّل — رسالة نصية
account-two-step-on-totp = مُفعَّل — تطبيق المصادقة
account-two-step-off = غير مُفعَّل
account-two-step-mandatory = تشترط مؤسستك التحقق بخطوتين، لذا يظل مُفعَّلًا.
account-mobile-number = رقم الهاتف المحمول:
account-switch-to-sms = التبديل إلى الرسائل النصية
account-use-sms = استخدام الرسائل النصية
account-change-phone = تغيير رقم الهاتف المحمول
account-switch-to-totp = التبديل إلى تطبيق مصادقة
account-use-totp = استخدام تطبيق مصادقة
account-new-codes = رموز استرداد جديدة
account-turn-off = إيقاف
account-send-code = إرسال الرمز
account-sms-code = الرمز الوارد في الرسالة النصية
account-totp-code = الرمز من التطبيق
account-turn-on = تفعيل
account-two-step-off-done = تم إيقاف التحقق بخطوتين، وأُزيلت الأجهزة المُتذكَّرة.
account-new-codes-done = أُنشئت رموز استرداد جديدة؛ ولم تعد الرموز القديمة صالحة.
account-two-step-on-sms-done = التحقق بخطوتين مُفعَّل: بعد إدخال كلمة المرور، يرسل إليك Haven رمزًا في رسالة نصية.
account-two-step-on-totp-done = التحقق بخطوتين مُفعَّل: بعد إدخال كلمة المرور، يطلب منك Haven رمزًا من تطبيق المصادقة.

## Lock app when not in use
account-lock-title = قفل التطبيق عند عدم استخدامه
account-lock-enabled = قفل Haven عندما لا أستخدمه
account-lock-after = القفل بعد
# An idle time in the "Lock after" list.
account-lock-minutes =
    { $n ->
        [one] دقيقة واحدة
        [two] دقيقتان
        [few] { $n } دقائق
       *[other] { $n } دقيقة
    }
account-lock-hours =
    { $n ->
        [one] ساعة واحدة
        [two] ساعتان
        [few] { $n } ساعات
       *[other] { $n } ساعة
    }
account-lock-seconds =
    { $n ->
        [one] ثانية واحدة
        [two] ثانيتان
        [few] { $n } ثوانٍ
       *[other] { $n } ثانية
    }
account-lock-cap =
    { $minutes ->
        [one] تسمح مؤسستك بدقيقة واحدة كحد أقصى.
        [two] تسمح مؤسستك بدقيقتين كحد أقصى.
        [few] تسمح مؤسستك بحد أقصى { $minutes } دقائق.
       *[other] تسمح مؤسستك بحد أقصى { $minutes } دقيقة.
    }
account-lock-status-on =
    { $seconds ->
        [few] يُقفَل Haven بعد { $seconds } ثوانٍ من عدم الاستخدام.
       *[other] يُقفَل Haven بعد { $seconds } ثانية من عدم الاستخدام.
    }
account-lock-status-off = لا يُقفَل Haven تلقائيًا.

## Password
account-password-title = كلمة المرور
account-current-password = كلمة المرور الحالية
account-new-password = كلمة المرور الجديدة (١٢ حرفًا على الأقل)
account-change-password = تغيير كلمة المرور
account-password-changed = تم تغيير كلمة المرور، وسُجِّل خروجك من أجهزتك الأخرى.

## Biometric login
account-biometric-title = تسجيل الدخول بالقياسات الحيوية
account-biometric-enabled = فتح قفل Haven ببصمة إصبعي
account-biometric-ready = قارئ البصمات جاهز.
# $reason: why the device cannot read fingerprints, as the system says it.
account-biometric-unavailable-because = غير متاح على هذا الجهاز: { $reason }.
account-biometric-unavailable = غير متاح على هذا الجهاز.
account-biometric-required = تشترط مؤسستك تسجيل الدخول بالقياسات الحيوية.
account-biometric-on = يُفتح Haven ببصمة إصبعك عندما يكون مقفلًا.
account-biometric-off = لم يعد Haven يُفتح ببصمة إصبعك؛ بل يُفتح بكلمة المرور.

## Notifications
account-notify-title = الإشعارات
account-notify-hint = يُعلمك Haven عبر إشعارات النظام عندما يصبح تنزيل بياناتك جاهزًا.
account-notify-test = إرسال إشعار تجريبي
account-notify-sent = تم الإرسال. إذا لم يظهر شيء، فاسمح بإشعارات Haven في إعدادات النظام.

## Remembered devices (skip the second step until a date)
account-devices-title = الأجهزة المُتذكَّرة
account-no-devices = لا يوجد جهاز يتخطى الخطوة الثانية.
# $name: the device's name, $platform: its system (e.g. linux), $until: a date and time.
account-device = { $name } ({ $platform })، حتى { $until }
account-forget = إزالة
