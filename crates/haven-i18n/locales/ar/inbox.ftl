inbox-title = صندوق بريد التطوير
inbox-hint = الرسائل الإلكترونية والنصية التي كانت خدمة التطوير هذه سترسلها.
inbox-refresh = تحديث
inbox-sign-in = تسجيل الدخول
inbox-home = الرئيسية
inbox-loading = جارٍ التحميل…
inbox-empty = لم يُرسَل شيء بعد.
# Before the address a message went to (then a dot and when it was sent).
inbox-text-to = رسالة نصية إلى
inbox-email-to = رسالة إلكترونية إلى
