sign-in-title = تسجيل الدخول إلى Haven
sign-in-email = البريد الإلكتروني
sign-in-password = كلمة المرور
sign-in-submit = تسجيل الدخول
sign-in-forgot = هل نسيت كلمة المرور؟
sign-in-join = هل لديك دعوة؟ أنشئ حسابك
sign-in-enrol = هل أنت مريض لديك رمز تسجيل من مقدّم الرعاية؟ سجّل الآن
sign-in-inbox = صندوق بريد التطوير (الرسائل الإلكترونية والنصية التي أرسلتها هذه الخدمة)
