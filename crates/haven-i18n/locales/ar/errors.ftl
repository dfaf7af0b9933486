# The sentence the app shows for each error code (UiError::text). Where the service sends its own,
# more specific sentence, that one is shown instead.
errors-invalid-request = أرسل التطبيق شيئًا تعذّر على الخدمة قراءته. يُرجى المحاولة مرة أخرى؛ وإذا تكرر ذلك، فحدِّث Haven.
errors-invalid-credentials = هذا غير صحيح. يُرجى التحقق منه والمحاولة مرة أخرى.
errors-unauthenticated = انتهت جلستك. يُرجى تسجيل الدخول مرة أخرى.
errors-reauth-required = حفاظًا على أمانك، يُرجى تأكيد كلمة المرور أولًا.
errors-forbidden = غير مسموح لك بالقيام بذلك.
errors-not-found = لم يُعثر على ذلك. ربما تمت إزالته.
errors-method-not-allowed = لا تقدّم الخدمة هذا هنا. يُرجى تحديث Haven.
errors-conflict = لا يمكن تنفيذ هذا الآن بسبب تغيير أُجري في مكان آخر. أعد التحميل وحاول مرة أخرى.
errors-consent-withdrawn = لقد سحبت موافقتك، لذا لم يعد Haven يجمع بيانات جديدة. لا تزال بياناتك الحالية ملكًا لك ويمكنك تنزيلها.
# "one": a new link or code (an invitation, a password reset).
errors-gone = انتهت صلاحية هذا. اطلب واحدًا جديدًا.
errors-payload-too-large = هذا أكبر من أن يُرسَل.
errors-unsupported-media-type = أرسل التطبيق بيانات بصيغة لا تقبلها الخدمة. يُرجى تحديث Haven.
errors-unprocessable = بعض التفاصيل غير صالحة. يُرجى التحقق منها والمحاولة مرة أخرى.
# $minutes is 2 or more.
errors-too-many-attempts-minutes = { $minutes ->
        [one] محاولات كثيرة جدًا. حاول مرة أخرى بعد دقيقة واحدة.
        [two] محاولات كثيرة جدًا. حاول مرة أخرى بعد دقيقتين.
        [few] محاولات كثيرة جدًا. حاول مرة أخرى بعد { $minutes } دقائق.
       *[other] محاولات كثيرة جدًا. حاول مرة أخرى بعد { $minutes } دقيقة.
    }
# $seconds is under 120.
errors-too-many-attempts-seconds = { $seconds ->
        [one] محاولات كثيرة جدًا. حاول مرة أخرى بعد ثانية واحدة.
        [two] محاولات كثيرة جدًا. حاول مرة أخرى بعد ثانيتين.
        [few] محاولات كثيرة جدًا. حاول مرة أخرى بعد { $seconds } ثوانٍ.
       *[other] محاولات كثيرة جدًا. حاول مرة أخرى بعد { $seconds } ثانية.
    }
errors-too-many-attempts = محاولات كثيرة جدًا. حاول مرة أخرى لاحقًا.
errors-internal = حدث خطأ ما في خدمة Haven. لم يُفقد شيء مما أدخلته؛ حاول مرة أخرى بعد لحظات.
errors-unavailable = خدمة Haven مشغولة أو قيد الصيانة. حاول مرة أخرى بعد بضع دقائق.
errors-unreachable = يتعذّر الوصول إلى خدمة Haven. تحقّق من اتصالك وحاول مرة أخرى.
errors-untrusted = لم تتمكن خدمة Haven من إثبات أنها الخدمة الحقيقية (شهادة الأمان الخاصة بها غير موثوقة)، لذا لم يُرسَل أي شيء. تحقّق من عنوان الخدمة مع المسؤول لديك.
errors-protocol = ردّت خدمة Haven بطريقة لا يفهمها هذا التطبيق. يُرجى تحديث Haven.
errors-keychain = تعذّر استخدام سلسلة مفاتيح النظام، لذا ستحتاج إلى تسجيل الدخول مرة أخرى في المرة القادمة.
errors-locked = Haven مقفل. افتح القفل للمتابعة.
errors-not-available = هذا غير متاح هنا.
errors-local-storage = تعذّر على Haven استخدام مساحة التخزين على هذا الجهاز. تأكّد من أن القرص غير ممتلئ، ثم حاول مرة أخرى.
errors-not-started = تعذّر تشغيل Haven. أغلقه ثم افتحه مرة أخرى.
errors-signed-out = سجّل Haven خروجك. يُرجى تسجيل الدخول مرة أخرى.
