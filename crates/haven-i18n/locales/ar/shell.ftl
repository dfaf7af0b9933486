## Start-up (shown in the window when the app cannot start)

# $reason: why, e.g. shell-url-plain-http.
shell-not-started = تعذّر تشغيل Haven: { $reason }
shell-still-starting = لا يزال Haven قيد التشغيل. حاول مرة أخرى.
shell-closing = يجري إغلاق Haven.
# $url: the address as it was given, in quotes; $error: the technical reason.
shell-url-invalid = { $url } ليس عنوان خدمة ({ $error })؛ أدخل عنوانًا مثل https://haven.example.org
shell-url-plain-http = لا يتصل Haven بخدمة على جهاز آخر إلا عبر HTTPS، لذا لم يتصل بالعنوان { $url }. اطلب من المسؤول لديك عنوان https:// الخاص بالخدمة.
# $scheme: the address's scheme, e.g. ftp.
shell-url-scheme = { $url } ليس عنوان خدمة (إنه عنوان URL من نوع { $scheme }:)؛ أدخل عنوان https:// الخاص بها
shell-ca-unreadable = تتعذّر قراءة جهة إصدار الشهادات الخاصة بالخدمة { $path } ({ $error })
shell-ca-not-pem = ملف جهة إصدار الشهادات الخاصة بالخدمة ليس بصيغة PEM: { $error }
shell-ca-empty = ملف جهة إصدار الشهادات الخاصة بالخدمة لا يحتوي على أي شهادة

## Why the system keychain cannot be used: shown in brackets inside common-keychain-problem and
## the sign-out notices, so they start in lower case and have no full stop.

shell-keychain-call-failed = فشل استدعاء سلسلة المفاتيح
shell-keychain-refused = سلسلة المفاتيح مقفلة أو رفضت الوصول ({ $error })
shell-keychain-no-secret-service = لا توجد خدمة Secret Service على ناقل الجلسة ({ $error })
shell-keychain-macos = يتعذّر فتح سلسلة مفاتيح macOS ({ $error })
shell-keychain-ios = يتعذّر فتح سلسلة مفاتيح iOS ({ $error })
shell-keychain-windows = يتعذّر فتح مدير بيانات الاعتماد في Windows ({ $error })
shell-keychain-android = يتعذّر فتح مخزن مفاتيح Android ({ $error })
shell-keychain-none = لا يتوفر في Haven بعدُ مخزن لسلسلة المفاتيح على هذا النظام، لذا تُحفظ الرموز المميزة لهذه الجلسة فقط
shell-keychain-timeout = لم تستجب سلسلة المفاتيح في الوقت المحدد (ربما تكون مقفلة)

## Signing out

# $error: shell-keychain-… (why the keychain kept it).
shell-signed-out-keychain-kept = لقد سجّلت الخروج. تعذّر على Haven إزالة بيانات تسجيل دخولك من سلسلة مفاتيح النظام ({ $error })، لكن الخدمة أنهتها، لذا لم تعد صالحة.
# $service: why the service did not end it (an error sentence without its full stop); $keychain: shell-keychain-….
shell-sign-out-incomplete = تعذّر على Haven إكمال تسجيل خروجك. لم تُنهِ الخدمة جلستك ({ $service })، واحتفظت سلسلة مفاتيح النظام ببيانات تسجيل دخولك ({ $keychain })، لذا سيكون Haven مسجّل الدخول مرة أخرى عند تشغيله في المرة القادمة: سجّل الخروج مرة أخرى حينها.

## The lock screen

shell-locked = Haven مقفل.
shell-unlock-count-failed = لا يستطيع Haven الاحتفاظ بعدد محاولات فتح القفل على هذا الجهاز.
shell-unlock-wrong-password = { $left ->
        [one] كلمة المرور هذه غير صحيحة. بقيت محاولة واحدة قبل أن يسجّل Haven خروجك.
        [two] كلمة المرور هذه غير صحيحة. بقيت محاولتان قبل أن يسجّل Haven خروجك.
        [few] كلمة المرور هذه غير صحيحة. بقيت { $left } محاولات قبل أن يسجّل Haven خروجك.
       *[other] كلمة المرور هذه غير صحيحة. بقيت { $left } محاولة قبل أن يسجّل Haven خروجك.
    }
shell-unlock-signed-out = كلمات مرور خاطئة كثيرة جدًا، لذا سجّل Haven خروجك. يُرجى تسجيل الدخول مرة أخرى.
shell-bio-too-many = محاولات بصمة الإصبع كثيرة جدًا. استخدم كلمة المرور.
shell-bio-off = تسجيل الدخول ببصمة الإصبع متوقف. فعّله من الملف الشخصي ← الحساب.
shell-bio-timed-out = لم يُمسح أي إصبع في الوقت المحدد. حاول مرة أخرى أو استخدم كلمة المرور.
shell-bio-cancelled = أُلغي. حاول مرة أخرى أو استخدم كلمة المرور.
shell-bio-locked-out = محاولات كثيرة جدًا: أوقف جهازك هذا التحقق مؤقتًا. استخدم كلمة المرور.
shell-bio-not-enrolled-here = لا توجد بصمة إصبع مسجّلة لك على هذا الحاسوب. استخدم كلمة المرور.
shell-bio-did-not-work = لم يعمل قارئ بصمات الأصابع. حاول مرة أخرى أو استخدم كلمة المرور.
shell-bio-no-match = { $left ->
        [one] بصمة الإصبع هذه غير مطابقة. بقيت محاولة واحدة.
        [two] بصمة الإصبع هذه غير مطابقة. بقيت محاولتان.
        [few] بصمة الإصبع هذه غير مطابقة. بقيت { $left } محاولات.
       *[other] بصمة الإصبع هذه غير مطابقة. بقيت { $left } محاولة.
    }
shell-bio-last-no-match = بصمة الإصبع هذه غير مطابقة، وكانت تلك المحاولة الأخيرة. استخدم كلمة المرور.
# The phone's system prompt for a fingerprint or face: its title, its cancel button, and the reason it gives.
shell-bio-prompt-title = فتح قفل Haven
shell-bio-prompt-cancel = استخدام كلمة المرور
shell-bio-prompt-reason = فتح قفل Haven

## Why fingerprint login cannot be used here: shown after "Not available on this device:" and
## "Fingerprint login cannot be turned on here:", so they start in lower case and have no full stop.

shell-bio-no-answer = لم يستجب قارئ بصمات الأصابع
shell-bio-not-enrolled = لا توجد بصمة إصبع مسجّلة لهذا المستخدم؛ أضف واحدة من إعدادات النظام
# $error: the technical reason.
shell-bio-failed = تعطّل قارئ بصمات الأصابع: { $error }
shell-bio-no-reader = لا يوجد قارئ بصمات أصابع
shell-bio-no-fprintd = خدمة بصمات الأصابع (fprintd) غير مثبّتة أو لا تعمل
shell-bio-unreachable = يتعذّر الوصول إلى خدمة بصمات الأصابع في النظام
shell-bio-unsupported = تسجيل الدخول ببصمة الإصبع غير متاح في Haven على هذا النظام بعد
shell-bio-none-on-device = لا يوفّر هذا الجهاز فتح القفل ببصمة الإصبع أو بالوجه
# $reason: one of the sentences above.
shell-biometric-cannot-enable = لا يمكن تفعيل تسجيل الدخول ببصمة الإصبع هنا: { $reason }.

## Notifications

shell-export-ready-title = بياناتك جاهزة
shell-export-ready-body = افتح Haven ← تنزيل بياناتك لحفظها.
shell-export-failed-title = فشل تنزيل بياناتك
shell-export-failed-body = افتح Haven ← تنزيل بياناتك للمحاولة مرة أخرى.
shell-test-notification-body = تصلك إشعارات Haven هنا.
shell-notifications-unavailable = يتعذّر عرض الإشعارات: { $error }.

## The recovery codes file (a text file: the codes follow, one a line)

shell-recovery-file-title = رموز الاسترداد في Haven للحساب { $email }
shell-recovery-file-once = يعمل كل رمز مرة واحدة، عندما لا تتمكن من الحصول على رمز من هاتفك.
shell-recovery-file-safe = احتفظ بها في مكان آمن.

## Health data on this device

shell-sign-consent-first = وقّع نموذج الموافقة المستنيرة (الملف الشخصي ← الموافقة المستنيرة) لبدء التسجيل.
shell-sync-consent-withdrawn = لقد سحبت موافقتك، لذا لا يُرسَل أي شيء جديد. ما تسجّله يبقى على هذا الجهاز.
shell-value-changed-outside = تعذّرت قراءة هذه القيمة على هذا الجهاز: لقد عُدّلت خارج Haven.
shell-unreadable-not-sent = تعذّرت قراءة هذه القيمة على هذا الجهاز (لقد عُدّلت خارج Haven)، لذا لم تُرسَل.
shell-value-gone = لم تعد هذه القيمة موجودة على هذا الجهاز.
# $id: the value's id.
shell-stored-value-unreadable = تتعذّر قراءة القيمة المحفوظة للعنصر { $id }.
shell-stored-kind-unreadable = تتعذّر قراءة النوع المحفوظ للعنصر { $id }.
shell-stored-state-unreadable = تتعذّر قراءة الحالة المحفوظة للعنصر { $id }.
shell-time-not-rfc3339 = يجب أن يكون الوقت بصيغة RFC 3339، مثل 2026-11-24T08:30:00Z.
shell-keychain-not-asked = تعذّر الاستعلام من سلسلة المفاتيح: { $error }
shell-store-key-unavailable = لا يستطيع Haven استخدام سلسلة مفاتيح النظام الآن، لذا لا يمكنه فتح السجلات الصحية المحفوظة على هذا الجهاز. لم يُحذف أي شيء: افتح قفل سلسلة المفاتيح، ثم أغلق Haven وافتحه مرة أخرى.
# $unsent: how many values recorded on this device had not been sent.
shell-store-lost = تعذّرت قراءة سجلاتك الصحية على هذا الجهاز: المفتاح الذي يحميها لم يعد موجودًا في سلسلة مفاتيح النظام. { $unsent ->
        [0] لم يكن أيٌّ منها في انتظار الإرسال، لذا لم يُفقد شيء
        [1] قيمة واحدة سُجّلت هنا لم تكن قد وصلت إلى الخدمة بعد وقد فُقدت
        [2] قيمتان سُجّلتا هنا لم تكونا قد وصلتا إلى الخدمة بعد وقد فُقدتا
        [few] { $unsent } قيم سُجّلت هنا لم تكن قد وصلت إلى الخدمة بعد وقد فُقدت
       *[other] { $unsent } قيمة سُجّلت هنا لم تكن قد وصلت إلى الخدمة بعد وقد فُقدت
    }؛ وسيُنزَّل مجددًا كل ما لدى الخدمة.

## Saving files, and the rest

# $path: where; $error: the system's reason.
shell-cannot-write = تتعذّر الكتابة في { $path }: { $error }.
shell-cannot-save = يتعذّر الحفظ في { $path }: { $error }.
# $count is 999.
shell-too-many-same-name = يوجد بالفعل { $count } ملفًا بهذا الاسم
# Choosing the app's language failed (src-tauri/src/commands/language.rs); the language stays as it was.
shell-language-not-kept = تعذّر على Haven حفظ اللغة التي اخترتها على هذا الجهاز، لذا لم تتغير اللغة. تأكّد من أن القرص غير ممتلئ، ثم حاول مرة أخرى.
shell-no-dev-inbox = لا يوجد صندوق بريد للتطوير: هذه الخدمة ترسل رسائل بريد إلكتروني ورسائل نصية حقيقية.
shell-patient-not-found = هذا المريض ليس ضمن النشر الخاص بك.
shell-setup-sign-in-again = يُرجى تسجيل الدخول مرة أخرى لإعداد التحقق بخطوتين.
