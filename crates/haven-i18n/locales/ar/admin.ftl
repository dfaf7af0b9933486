admin-title = الإدارة
admin-loading = جارٍ التحميل…
admin-back = رجوع

## The deployment's sign-in policy
admin-policy-title = سياسة تسجيل الدخول
# Follows the deployment's name; the code itself comes after it.
admin-enrolment-code = رمز تسجيل المرضى
admin-two-step-required = اشتراط التحقق بخطوتين على الجميع (الاختصاصيون السريريون يحتاجون إليه دائمًا)
admin-allowed-methods = طرق الخطوة الثانية المسموح بها
admin-code-length = عدد أرقام الرمز المُرسَل برسالة نصية (٤–٨)
admin-remember-days = عدد الأيام التي يمكن فيها للجهاز تخطي الخطوة الثانية (٠ يُوقف ذلك)
admin-biometric-required = اشتراط تسجيل الدخول بالقياسات الحيوية على الهواتف
admin-idle-max = أطول مدة خمول قبل أن يُقفَل التطبيق (بالثواني)
admin-save-policy = حفظ السياسة
admin-policy-saved = تم حفظ السياسة، وتسري على كل مستخدم بدءًا من تسجيل دخوله التالي.

## Invitations
admin-invite-title = دعوة شخص
admin-email = البريد الإلكتروني
admin-role = الدور
# The language the invitation email is written in, for the person invited.
admin-invite-language = لغة الدعوة
admin-send-invite = إرسال الدعوة
# $expires: a date and time.
admin-invite-sent = أُرسلت الدعوة إلى { $email }. تنتهي صلاحيتها في { $expires }.

## The people in the deployment
admin-users-title = الأشخاص
# An account's state, beside the person's name and role.
admin-status-active = نشط
admin-status-unverified = غير مُتحقَّق منه
# The email was not verified in time.
admin-status-blocked = محظور
# Locked after too many failed second steps.
admin-status-locked = مقفل
admin-unblock = إلغاء الحظر
admin-unlock = فتح القفل
