second-step-sign-in-first = سجّل الدخول أولًا.
second-step-unexpected = ردّ غير متوقع؛ سجّل الدخول مرة أخرى.
second-step-title = التحقق بخطوتين
second-step-sent-to = أرسلنا { $which ->
        [new] رمزًا جديدًا
       *[first] رمزًا
    } إلى { $to }.
second-step-sent = أرسلنا { $which ->
        [new] رمزًا جديدًا
       *[first] رمزًا
    }.
second-step-sending-to = جارٍ إرسال { $which ->
        [new] رمز جديد
       *[first] رمز
    } إلى { $to }.
second-step-sending = جارٍ إرسال { $which ->
        [new] رمز جديد
       *[first] رمز
    }.
second-step-newest-only = لا يعمل إلا أحدث رمز: إذا وصلتك رسالة سابقة بعد ذلك فتجاهلها.
second-step-code = الرمز
second-step-remember = تذكّر هذا الجهاز لمدة { $days ->
        [one] يوم واحد
        [two] يومين
        [few] { $days } أيام
        [many] { $days } يومًا
       *[other] { $days } يوم
    } (ليس على الأجهزة المشتركة)
second-step-continue = متابعة
