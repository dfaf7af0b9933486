# أجزاء مشتركة بين عدة شاشات.

common-your-name = اسمك
common-new-password = كلمة المرور (١٢ حرفًا على الأقل)
common-accept-terms = أوافق على شروط الاستخدام وإشعار الخصوصية
common-read-terms = اقرأ شروط الاستخدام
common-read-privacy = اقرأ إشعار الخصوصية

common-phone-country = البلد
common-phone-number = رقم الهاتف المحمول
common-phone-hint = كما تطلبه داخل بلدك (مثلًا { $example })، أو مع + ورمز البلد.

common-method-use = استخدام
common-sms-held = تعذّر علينا إرسال رمز إليك في رسالة نصية الآن: الحد الأقصى خمس رسائل في الساعة. يمكنك طلب رمز جديد بعد { $wait }، أو استخدام { $others } الآن.
# What became of a texted code that has not arrived; $wait and $others as above.
common-sms-retrying = لم نتمكن من إرسال الرسالة النصية بعد. سنحاول مرة أخرى بعد { $wait }. يمكنك أيضًا استخدام { $others } الآن.
common-sms-failed-wait = لم نتمكن من إرسال الرسالة النصية. اطلب رمزًا جديدًا بعد { $wait }، أو استخدم { $others }.
common-sms-failed = لم نتمكن من إرسال الرسالة النصية. اطلب رمزًا جديدًا، أو استخدم { $others }.
common-sms-resend-in = إرسال رمز جديد بعد { $wait }
common-sms-resend = إرسال رمز جديد
common-other-methods-totp = تطبيق المصادقة أو رمز استرداد
common-other-methods-recovery = رمز استرداد
common-wait-seconds = { $seconds ->
        [one] ثانية واحدة
        [two] ثانيتين
        [few] { $seconds } ثوانٍ
       *[other] { $seconds } ثانية
    }
common-wait-minutes = { $minutes ->
        [one] دقيقة واحدة
        [two] دقيقتين
        [few] { $minutes } دقائق
       *[other] { $minutes } دقيقة
    }

common-qr-failed = تعذّر عرض رمز QR: أدخل المفتاح الظاهر أدناه يدويًا.
common-qr-label = رمز QR لتطبيق المصادقة
common-totp-scan = امسح هذا الرمز بتطبيق المصادقة، أو أدخل المفتاح يدويًا.
common-totp-key = المفتاح:

common-codes-copied = تم النسخ. الصقها في مكان آمن.
common-codes-copy-failed = تعذّر نسخها هنا: احفظها أو اطبعها بدلًا من ذلك.
common-codes-saved = حُفظت في { $path }
common-codes-title = احفظ رموز الاسترداد
common-codes-hint = يصلح كل رمز مرة واحدة، إذا لم تتمكن من تلقي رمز على هاتفك. لن تُعرض إلا الآن.
common-codes-copy = نسخ
common-codes-print = طباعة
common-codes-save = حفظ كملف

common-reauth-title = أكّد هويتك.
common-reauth-hint = أدخل كلمة المرور للمتابعة.
common-reauth-password = كلمة المرور
common-reauth-confirm = تأكيد
common-reauth-cancel = إلغاء

common-keychain-problem = لا يستطيع Haven استخدام سلسلة مفاتيح هذا الحاسوب ({ $problem })، لذا ستبقى مسجّل الدخول فقط حتى تُغلق التطبيق، ولن يمكن قراءة القيم الصحية التي لم تُرسل حتى ذلك الحين مرة أخرى.

common-demo-label = النشر التجريبي
common-demo-hint = هذا هو النشر التجريبي لـ Haven، على هذا الحاسوب فقط.
common-demo-admin = المسؤول:
common-demo-password-gone = كلمة المرور التي عُرضت قبل أول تسجيل دخول
common-demo-invite = رمز دعوة الطبيب:
common-demo-enrolment = رمز تسجيل المريض:
common-demo-inbox-link = صندوق بريد التطوير
common-demo-inbox-rest = — تصل إليه الرموز والرسائل الإلكترونية التي يرسلها هذا النشر التجريبي، لا إلى الهاتف.

common-tabs-label = التنقل الرئيسي
common-tab-home = الرئيسية
common-tab-health = صحتي
common-tab-profile = الملف الشخصي

common-not-found = غير موجود.

common-dev-banner = خدمة تطوير: لا تُرسل أي رسالة إلكترونية أو نصية فعليًا.
# جملة واحدة في ثلاث رسائل ليبقى الرابط رابطًا.
common-dev-banner-inbox-before = الرموز والروابط موجودة في
common-dev-banner-inbox-link = صندوق بريد التطوير
common-dev-banner-inbox-after = {"."}
common-dev-banner-outbox = الرموز والروابط موجودة في صندوق الصادر الخاص بالتطوير.

common-crash-title = توقفت هذه الشاشة عن العمل
common-crash-what = لم يُفقد شيء مما حفظته. افتح شاشة التطبيق مرة أخرى للمتابعة.
common-crash-reopen = افتح الشاشة مرة أخرى
common-crash-details = تفاصيل لفريق الدعم
