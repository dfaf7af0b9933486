## The lock screen: Haven locked itself after a while unused.

lock-title = تم قفل Haven
lock-why = أُقفل لأنه لم يكن قيد الاستخدام. أدخل كلمة المرور للمتابعة.
lock-fingerprint = فتح القفل ببصمة الإصبع
# Under the fingerprint button.
lock-or-password = أو أدخل كلمة المرور:
lock-password = كلمة المرور
lock-unlock = فتح القفل
lock-sign-out = تسجيل الخروج بدلًا من ذلك
