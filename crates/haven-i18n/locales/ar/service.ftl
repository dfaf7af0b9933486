## The sync service's answers: the sentence of each error (`message`), the sentences under the
## fields of a 422 (`fields`), why a pushed value is refused, and the pages the emailed links open.
## Words written in lower_case (invite_token, enrolment_code, user_id, since, sms, totp…) are the
## interface's own names: keep them as they are.

## Errors of any request.
service-invalid-credentials = البريد الإلكتروني أو كلمة المرور غير صحيحة.
# $minutes is 10.
service-reauth-required = أكّد هويتك: أدخل كلمة المرور أو رمزًا مرة أخرى (يلزم ذلك خلال آخر { $minutes } دقائق لتنفيذ هذا الإجراء).
service-method-not-allowed = هذه الطريقة غير مسموح بها على هذا المسار.
service-consent-withdrawn = لقد سحبت موافقتك، لذا لا تُجمع أي بيانات جديدة. وقّع نموذج الموافقة مرة أخرى لاستئناف الجمع؛ تبقى بياناتك الحالية متاحة.
service-payload-too-large = نص الطلب كبير جدًا.
service-unsupported-media-type = يجب أن يكون نص الطلب بصيغة JSON (Content-Type: application/json).
service-unprocessable = بعض الحقول غير صالحة.
service-too-many-attempts = { $seconds ->
        [one] محاولات كثيرة جدًا. حاول مرة أخرى بعد ثانية واحدة.
        [two] محاولات كثيرة جدًا. حاول مرة أخرى بعد ثانيتين.
        [few] محاولات كثيرة جدًا. حاول مرة أخرى بعد { $seconds } ثوانٍ.
       *[other] محاولات كثيرة جدًا. حاول مرة أخرى بعد { $seconds } ثانية.
    }
service-internal = حدث خطأ ما في الخادم. يُرجى المحاولة مرة أخرى.
service-unavailable = الخدمة غير متاحة الآن. يُرجى المحاولة مرة أخرى بعد قليل.
service-storage-full = نفدت مساحة التخزين لدى الخدمة الآن، لذا لم يُحفظ أو يُغيَّر أي شيء. يُرجى المحاولة مرة أخرى لاحقًا.
service-no-such-route = لا يوجد مسار بهذا الاسم.
service-no-such-record = لا يوجد سجل بهذا المعرّف.
# $detail is a technical explanation in English (from the JSON reader), for developers.
service-malformed-json = صيغة JSON غير سليمة: { $detail }
service-invalid-body = نص الطلب غير صالح: { $detail }
service-unreadable-body = تعذّرت قراءة نص الطلب: { $detail }
service-nul-character = يحتوي الطلب على محرف لا يمكن لـ Haven قبوله (U+0000، المحرف الفارغ).
service-push-nul-character = تحتوي هذه القيمة على محرف لا يمكن لـ Haven حفظه (U+0000، المحرف الفارغ).
service-bad-path = المسار غير صالح: { $detail }
service-bad-query = معاملات الاستعلام غير صالحة: { $detail }
# $choices lists the accepted values as they are sent: "csv, pdf, fhir".
service-choose-one-of = اختر إحدى القيم التالية: { $choices }.

## Who may do what.
service-sign-in-first = سجّل الدخول أولًا: يتطلب هذا رمز وصول (bearer).
service-access-token-invalid = رمز الوصول غير صالح أو انتهت صلاحيته.
service-setup-token-invalid = رمز الإعداد غير صالح أو انتهت صلاحيته. سجّل الدخول مرة أخرى.
service-account-locked = هذا الحساب مقفل. اطلب من المسؤول فتحه.
service-account-locked-failures = قُفل هذا الحساب بعد محاولات فاشلة كثيرة جدًا. اطلب من المسؤول فتحه.
# $hours is 24.
service-account-blocked = هذا الحساب محظور لأن بريده الإلكتروني لم يُتحقَّق منه خلال { $hours } ساعة. اطلب من المسؤول رفع الحظر عنه.
service-account-blocked-in-time = هذا الحساب محظور لأن بريده الإلكتروني لم يُتحقَّق منه في الوقت المحدد. اطلب من المسؤول رفع الحظر عنه.
service-account-gone = لم يعد هذا الحساب موجودًا.
service-admin-only = لا يمكن القيام بهذا إلا للمسؤول.
service-not-your-deployment = أنت لا تدير عملية النشر هذه.
service-no-such-deployment = لا توجد عملية نشر بهذا المعرّف.
service-clinicians-only = لا يطّلع على بيانات المرضى إلا الاختصاصيون السريريون.
service-no-such-patient = لا يوجد مريض بهذا المعرّف.
service-outbox-key = يحتاج صندوق بريد التطوير إلى مفتاح هذا التشغيل في X-Haven-Outbox-Key (طُبع عند بدء تشغيل الخدمة).

## Sessions.
service-refresh-token-invalid = رمز التحديث غير صالح. سجّل الدخول مرة أخرى.
service-session-ended = انتهت هذه الجلسة. سجّل الدخول مرة أخرى.
service-refresh-token-reused = سبق استخدام رمز التحديث هذا، لذا أُنهيت الجلسة حفاظًا على الأمان. سجّل الدخول مرة أخرى.
service-session-expired = انتهت صلاحية الجلسة. سجّل الدخول مرة أخرى.
service-printable-characters = أدخل ما بين { $min } و{ $max } من الأحرف القابلة للطباعة.

## Invitations and new accounts.
service-invite-role-not-allowed = لا يسمح دورك بدعوة هذا النوع من المستخدمين.
service-invite-has-account = لدى هذا الشخص حساب بالفعل في عملية النشر هذه.
service-invite-unknown = هذه الدعوة غير موجودة. تحقّق من الرابط أو الرمز.
service-invite-used = سبق استخدام هذه الدعوة.
service-invite-expired = انتهت صلاحية هذه الدعوة. اطلب دعوة جديدة.
service-invite-other-email = هذه الدعوة موجّهة إلى عنوان بريد إلكتروني آخر.
service-accept-terms = يجب أن توافق على الشروط لإنشاء حساب.
service-account-invite-or-code = أرسل invite_token أو enrolment_code، وليس كليهما.
service-account-invite-or-code-missing = أرسل invite_token، أو enrolment_code مع email.
service-email-missing = أدخل عنوان بريدك الإلكتروني.
service-enrolment-code-unknown = رمز التسجيل هذا غير معروف. تحقّق منه لدى مقدّم الرعاية.
service-account-exists = يوجد حساب بهذا البريد الإلكتروني بالفعل. سجّل الدخول بدلًا من ذلك.
service-verification-unknown = رابط التحقق هذا غير صالح. تأكّد من أنك نسخته كاملًا.
service-verification-used = سبق استخدام رابط التحقق هذا.
# "Send a new link" is the button of the app's sign-in screen.
service-verification-expired = انتهت صلاحية رابط التحقق هذا. في شاشة تسجيل الدخول في Haven، سجّل الدخول واختر «إرسال رابط جديد».

## Account fields.
service-email-too-long = لا يتجاوز عنوان البريد الإلكتروني { $max } من الأحرف.
service-email-invalid = هذا ليس عنوان بريد إلكتروني.
service-name-missing = أدخل اسمك.
service-at-most-characters = استخدم { $max } من الأحرف على الأكثر.
service-name-control-characters = يحتوي الاسم على أحرف تحكّم.
service-password-too-short = استخدم { $min } من الأحرف على الأقل.
service-password-contains-email = يجب ألا تحتوي كلمة المرور على عنوان بريدك الإلكتروني.
# A password too easy to guess: the same three sentences each time, the middle one saying why
# (as the password-strength checker words it); the last is the advice.
service-password-weak = كلمة المرور هذه سهلة التخمين جدًا. جرّب عبارة أطول من كلمات لا رابط بينها.
service-password-weak-straight-rows = كلمة المرور هذه سهلة التخمين جدًا. صفوف المفاتيح المتتالية سهلة التخمين. جرّب عبارة أطول من كلمات لا رابط بينها.
service-password-weak-keyboard-patterns = كلمة المرور هذه سهلة التخمين جدًا. أنماط لوحة المفاتيح القصيرة سهلة التخمين. جرّب عبارة أطول من كلمات لا رابط بينها.
service-password-weak-repeats = كلمة المرور هذه سهلة التخمين جدًا. التكرارات مثل «aaa» سهلة التخمين. جرّب عبارة أطول من كلمات لا رابط بينها.
service-password-weak-repeated-groups = كلمة المرور هذه سهلة التخمين جدًا. التكرارات مثل «abcabcabc» أصعب قليلًا فقط في التخمين من «abc». جرّب عبارة أطول من كلمات لا رابط بينها.
service-password-weak-top-10 = كلمة المرور هذه سهلة التخمين جدًا. إنها من أكثر ١٠ كلمات مرور شيوعًا. جرّب عبارة أطول من كلمات لا رابط بينها.
service-password-weak-top-100 = كلمة المرور هذه سهلة التخمين جدًا. إنها من أكثر ١٠٠ كلمة مرور شيوعًا. جرّب عبارة أطول من كلمات لا رابط بينها.
service-password-weak-common = كلمة المرور هذه سهلة التخمين جدًا. إنها كلمة مرور شائعة جدًا. جرّب عبارة أطول من كلمات لا رابط بينها.
service-password-weak-similar-to-common = كلمة المرور هذه سهلة التخمين جدًا. إنها تشبه كلمة مرور شائعة الاستخدام. جرّب عبارة أطول من كلمات لا رابط بينها.
service-password-weak-sequences = كلمة المرور هذه سهلة التخمين جدًا. التسلسلات مثل abc أو 6543 سهلة التخمين. جرّب عبارة أطول من كلمات لا رابط بينها.
service-password-weak-recent-years = كلمة المرور هذه سهلة التخمين جدًا. السنوات الأخيرة سهلة التخمين. جرّب عبارة أطول من كلمات لا رابط بينها.
service-password-weak-single-word = كلمة المرور هذه سهلة التخمين جدًا. الكلمة المفردة سهلة التخمين. جرّب عبارة أطول من كلمات لا رابط بينها.
service-password-weak-dates = كلمة المرور هذه سهلة التخمين جدًا. التواريخ غالبًا ما تكون سهلة التخمين. جرّب عبارة أطول من كلمات لا رابط بينها.
service-password-weak-names = كلمة المرور هذه سهلة التخمين جدًا. الأسماء الأولى وأسماء العائلة وحدها سهلة التخمين. جرّب عبارة أطول من كلمات لا رابط بينها.
service-password-weak-common-names = كلمة المرور هذه سهلة التخمين جدًا. الأسماء الأولى وأسماء العائلة الشائعة سهلة التخمين. جرّب عبارة أطول من كلمات لا رابط بينها.

## Password reset and change.
service-reset-unknown = رابط إعادة التعيين هذا غير معروف. اطلب رابطًا جديدًا.
service-reset-used = سبق استخدام رابط إعادة التعيين هذا. اطلب رابطًا جديدًا إن احتجت إليه.
service-reset-dead = لم يعد رابط إعادة التعيين هذا صالحًا (أُرسل رابط أحدث، أو أُدخلت رموز خاطئة كثيرة جدًا). اطلب رابطًا جديدًا.
# $minutes is 30.
service-reset-expired = انتهت صلاحية رابط إعادة التعيين هذا (تعمل الروابط لمدة { $minutes } دقيقة). اطلب رابطًا جديدًا.
service-reset-code-needed = التحقق بخطوتين مُفعَّل: أدخل أيضًا رمزًا من هاتفك.
service-reset-too-many-wrong = أُدخلت رموز خاطئة كثيرة جدًا لرابط إعادة التعيين هذا. اطلب رابطًا جديدًا.
service-current-password-wrong = هذه ليست كلمة مرورك الحالية.
service-new-password-same = اختر كلمة مرور مختلفة عن الحالية.

## The second step, and confirming it's you again.
service-challenge-unknown = محاولة تسجيل الدخول هذه غير موجودة. سجّل الدخول مرة أخرى.
service-challenge-completed = اكتملت محاولة تسجيل الدخول هذه بالفعل.
service-challenge-too-many-wrong = رموز خاطئة كثيرة جدًا. سجّل الدخول مرة أخرى للحصول على رمز جديد.
service-challenge-expired = انتهت صلاحية محاولة تسجيل الدخول هذه. سجّل الدخول مرة أخرى.
service-challenge-email-unverified = لم يُتحقَّق من عنوان البريد الإلكتروني لهذا الحساب. تحقّق منه، أو اسأل المسؤول.
service-method-not-set-up-or-allowed = هذه الطريقة غير مُعدّة أو غير مسموح بها لهذا الحساب.
service-method-not-set-up = هذه الطريقة غير مُعدّة لهذا الحساب.
service-code-wrong = هذا الرمز غير صحيح.
# $left is how many tries are left (1 to 4).
service-code-wrong-tries-left = { $left ->
        [one] هذا الرمز غير صحيح. بقيت لك محاولة واحدة.
        [two] هذا الرمز غير صحيح. بقيت لك محاولتان.
       *[other] هذا الرمز غير صحيح. بقيت لك { $left } محاولات.
    }
service-code-expired = انتهت صلاحية هذا الرمز أو استُبدل. أرسل رمزًا جديدًا.
service-no-text-sent = لم تُرسَل أي رسالة نصية لتسجيل الدخول هذا.
service-sms-not-set-up = رموز الرسائل النصية غير مُعدّة لهذا الحساب.
service-setup-completed = اكتمل هذا الإعداد بالفعل. سجّل الدخول مرة أخرى.
service-password-wrong = كلمة المرور هذه غير صحيحة.
service-reauth-method = أكّد باستخدام كلمة المرور، أو رمز من تطبيق المصادقة، أو رمز استرداد.
service-reauth-method-set-up = أكّد باستخدام كلمة المرور، أو رمز من تطبيق المصادقة، أو رمز استرداد أعددته.
service-reauth-password-or-code = أرسل password، أو method مع code.
service-totp-not-set-up = لم يُعدّ أي تطبيق مصادقة.

## Two-step verification, phone, authenticator app, settings.
service-factor-sms-not-allowed = لا تسمح مؤسستك برموز الرسائل النصية.
service-factor-totp-not-allowed = لا تسمح مؤسستك بتطبيقات المصادقة.
service-totp-not-started = ابدأ إعداد تطبيق المصادقة أولًا.
service-totp-code-wrong = هذا الرمز غير صحيح. تحقّق من الوقت على هاتفك وجرّب الرمز الحالي.
service-totp-changed = تغيّر إعداد تطبيق المصادقة في أثناء ذلك. ابدأ من جديد.
service-two-step-required = تشترط مؤسستك التحقق بخطوتين، لذا لا يمكن إيقافه.
# sms and totp are the values to send.
service-two-step-choose = اختر sms أو totp.
service-two-step-phone-first = أضف رقم هاتف محمول وتحقّق منه أولًا.
service-two-step-totp-first = أعدّ تطبيق المصادقة أولًا.
service-two-step-off = فعّل التحقق بخطوتين أولًا.
service-no-such-device = لا يوجد جهاز محفوظ بهذا المعرّف.
service-biometric-required = تشترط مؤسستك تسجيل الدخول بالقياسات الحيوية، لذا لا يمكن إيقافه.
# $seconds is 1, $hours 24.
service-lock-timeout = اختر مدة بين { $seconds } ثانية و{ $hours } ساعة.
service-disclaimer = ضع علامة في المربع لقبول إخلاء المسؤولية.
# $zone is the name sent, in quotes.
service-time-zone-unknown = { $zone } ليست منطقة زمنية نعرفها. استخدم اسمًا مثل Asia/Riyadh.
service-phone-missing = أدخل رقم هاتفك المحمول.
service-phone-characters = لا يحتوي رقم الهاتف إلا على أرقام ومسافات و+ - ( ).
service-phone-choose-country = اختر بلدك.
service-phone-country-code = ابدأ بـ + ورمز البلد (+44 للمملكة المتحدة)، أو اختر بلدك.
# $country is the number's country as an ISO code (GB, FR, …), or empty when it is not known.
service-phone-wrong-for-country = لا يبدو هذا الرقم صحيحًا بالنسبة إلى { $country ->
        [AU] أستراليا
        [AT] النمسا
        [BE] بلجيكا
        [CA] كندا
        [DK] الدنمارك
        [FI] فنلندا
        [FR] فرنسا
        [DE] ألمانيا
        [IN] الهند
        [IE] أيرلندا
        [IT] إيطاليا
        [NL] هولندا
        [NZ] نيوزيلندا
        [NO] النرويج
        [PL] بولندا
        [PT] البرتغال
        [ZA] جنوب أفريقيا
        [ES] إسبانيا
        [SE] السويد
        [CH] سويسرا
        [GB] المملكة المتحدة
        [US] الولايات المتحدة
       *[other] بلده
    }. تحقّق من الأرقام.
service-phone-landline = يبدو هذا رقم هاتف أرضي. يرسل Haven الرموز برسائل نصية: استخدم رقم هاتف محمول.
service-phone-not-mobile = هذا ليس رقم هاتف محمول. يرسل Haven الرموز برسائل نصية: استخدم رقم هاتف محمول.

## Administration.
service-deployment-name = أعطِ عملية النشر اسمًا يتكوّن مما بين { $min } و{ $max } من الأحرف القابلة للطباعة.
service-no-such-user = لا يوجد مستخدم بهذا المعرّف.
# $status is the account's status as the interface names it (active, unverified, locked).
service-not-blocked-status = هذا الحساب غير محظور (حالته { $status }).
service-not-blocked = هذا الحساب غير محظور.
service-not-locked = هذا الحساب غير مقفل.
service-reinvite-not-blocked = لا يمكن إعادة دعوة إلا حساب محظور (لم يُتحقَّق منه قط)، ولمرة واحدة.
service-audit-since = يجب أن يكون since وقتًا بصيغة RFC 3339، مثل 2026-11-23T00:00:00Z
service-audit-user-id = يجب أن يكون user_id بصيغة UUID
# $method is the value sent, in quotes.
service-policy-unknown-method = طريقة غير معروفة { $method }: استخدم sms أو totp أو كليهما.
service-policy-no-method = اسمح بواحدة على الأقل من sms وtotp.
service-policy-code-length = استخدم من { $min } إلى { $max } أرقام.
service-policy-remember-days = استخدم من ٠ (إيقاف) إلى { $max } يومًا.
# $seconds is 30, $hours 24.
service-policy-idle-timeout = استخدم من { $seconds } ثانية إلى { $hours } ساعة.

## Consent and health data.
# "Profile → Informed consent" is where the app shows the form.
service-consent-not-signed = اقرأ نموذج الموافقة المستنيرة ووقّعه (الملف الشخصي ← الموافقة المستنيرة) قبل تسجيل البيانات.
service-no-such-document = لا توجد وثيقة بهذا الاسم.
service-consent-patients-only = الموافقة المستنيرة خاصة بالمرضى.
# $version is the version of the text in force.
service-consent-not-current = هذا ليس نص الموافقة الساري (الإصدار { $version }). اقرأه مرة أخرى ووقّعه.
service-consent-nothing-to-withdraw = لا توجد موافقة موقّعة لسحبها.
service-push-patients-only = لا يسجّل القياسات إلا المرضى.
service-push-needs-id = يحتاج كل قياس إلى معرّف id واحد، نصًّا.
service-push-value-too-large = القيمة كبيرة جدًا.
# $kind is the kind sent, in quotes.
service-push-unknown-kind = نوع غير معروف: { $kind }.
# $detail is a technical explanation in English (from the JSON reader), for developers.
service-push-unreadable = تعذّرت قراءة هذا القياس: { $detail }.
service-pull-bad-cursor = هذا ليس مؤشرًا صادرًا عن هذه الخدمة.
service-pull-limit = استخدم من { $min } إلى { $max }.

## Data downloads.
service-no-such-export = لا يوجد تنزيل بهذا المعرّف.
service-export-patients-only = لا يملك بيانات صحية للتنزيل إلا المرضى.
service-export-needs-disk = تحتاج تنزيلات البيانات إلى أن تكون قاعدة بيانات الخدمة على القرص.
# $max is the most values a PDF holds, $count how many the patient has.
service-export-pdf-too-many = لا يتسع ملف PDF لأكثر من { $max } قيمة، ولديك { $count }. نزّل CSV أو FHIR بدلًا منه.
# $count is 3 or more.
service-export-too-many-open = { $count ->
        [few] يجري بالفعل تحضير { $count } تنزيلات. انتظر حتى تكتمل.
       *[other] يجري بالفعل تحضير { $count } تنزيلًا. انتظر حتى تكتمل.
    }
# $days is 7.
service-export-expired = انتهت صلاحية هذا التنزيل (تُحفظ الملفات لمدة { $days } أيام). اطلب تنزيلًا جديدًا.
service-export-failed = تعذّر تحضير هذا التنزيل. اطلب تنزيلًا جديدًا.
service-export-not-ready = هذا التنزيل ليس جاهزًا بعد.

## The pages the links in emails open (in a browser).
service-page-internal = حدث خطأ ما في الخادم. يُرجى المحاولة مرة أخرى بعد دقيقة.
service-page-link-incomplete = هذا الرابط غير مكتمل.
service-page-link-incomplete-hint = افتح الرابط من البريد الإلكتروني مرة أخرى، أو انسخه كاملًا في Haven.
service-page-verify-title = تحقّق من بريدك الإلكتروني
service-page-verify-intro = أكّد أن هذا هو عنوان بريدك الإلكتروني في Haven.
service-page-verify-button = تحقّق من بريدي الإلكتروني
service-page-verified-title = تم التحقق من بريدك الإلكتروني
service-page-verified = شكرًا لك. عُد إلى Haven وسجّل الدخول.
service-page-not-verified-title = لم يُتحقَّق من بريدك الإلكتروني بعد
# $action is the app's button "Send a new link", in the page's language.
service-page-not-verified = إذا كان لا يزال يحتاج إلى التحقق، فسجّل الدخول إلى Haven واختر «{ $action }».
service-page-invite-title = أنت مدعو إلى Haven
# $deployment is the organisation's name, $email the address invited (shown in bold).
service-page-invite-who = تدعو { $deployment } صاحب العنوان { $email } إلى الانضمام إلى Haven.
# $action is the app's button "Have an invitation? Create your account" (shown in bold).
service-page-invite-how = افتح Haven، واختر { $action }، ثم الصق هذا الرابط أو الرمز الوارد في البريد الإلكتروني:
# $until is a date and time.
service-page-invite-until = الدعوة صالحة حتى { $until }.
service-page-invite-refused-title = لا يمكن استخدام هذه الدعوة
service-page-invite-refused = اطلب من الشخص الذي دعاك أن يرسل إليك دعوة جديدة.
service-page-reset-title = اختر كلمة مرور جديدة
# $forgot and $have_link are the app's buttons "Forgot your password?" and "I have the link" (in bold).
service-page-reset-how = افتح Haven، واختر { $forgot }، ثم { $have_link }، والصق هذا الرمز:
# $minutes is 30.
service-page-reset-once = يعمل مرة واحدة فقط، لمدة { $minutes } دقيقة من وقت إرساله.
service-sms-code = رمز Haven الخاص بك هو { $code }. تنتهي صلاحيته خلال { $minutes } دقائق. لا تشاركه مع أحد أبدًا.

service-demo-deployment = النشر التجريبي
service-demo-admin-name = المسؤول التجريبي

## The emails the service sends, in the language of the request that caused them. The link, token
## or code of a mail is not in these messages: the service puts it after the message that ends
## with a colon (on the same line), or on its own line, as the English mail has it.
# $deployment is the organisation's name.
service-mail-invite-subject = أنت مدعو إلى { $deployment } في Haven
# $role is the role invited to, as the interface names it: admin, clinician or patient.
service-mail-invite-intro = تمت دعوتك للانضمام إلى { $deployment } في Haven بصفة { $role ->
        [admin] مسؤول
        [clinician] اختصاصي سريري
       *[patient] مريض
    }.
# Followed by the link.
service-mail-invite-create = أنشئ حسابك:
# Followed by the invitation code (XXXXX-XXXXX).
service-mail-invite-code = أو أدخل هذا الرمز في تطبيق Haven:
# $expires is a UTC date and time as RFC 3339 (2026-11-30T09:00:00Z).
service-mail-invite-expiry =
    لا يمكن استخدام الدعوة إلا مرة واحدة، وتنتهي صلاحيتها بتاريخ { $expires }.
    إذا لم تكن تتوقع هذه الرسالة، فيمكنك تجاهلها.
# To an address that already has an account in another deployment, instead of the invitation.
service-mail-invited-elsewhere-subject = تلقيت دعوة إلى { $deployment } في Haven
service-mail-invited-elsewhere =
    تلقيت دعوة للانضمام إلى عملية نشر أخرى من Haven، لكن عنوان البريد الإلكتروني هذا لديه حساب في Haven بالفعل.
    سجّل الدخول بحسابك الحالي، أو اطلب ممن دعاك أن يستخدم عنوان بريد إلكتروني مختلفًا.
service-mail-verify-subject = تحقّق من بريدك الإلكتروني في Haven
# Followed by the link, on the next line.
service-mail-verify-open = افتح هذا الرابط لتأكيد عنوان بريدك الإلكتروني في Haven:
# $hours is 24; $action is the app's button "Send a new link", in the mail's language.
service-mail-verify-deadline =
    يُرجى القيام بذلك خلال { $hours } ساعة من إنشاء حسابك. إذا فاتك ذلك، فيمكن لمسؤول مؤسستك
    إعادة تفعيل الحساب. هل فقدت هذه الرسالة؟ سجّل الدخول إلى Haven واختر «{ $action }».
# Followed by the code.
service-mail-verify-code = أو الصق هذا الرمز في Haven:
# To the owner of an address someone tried to enrol again.
service-mail-account-exists-subject = حاول شخص ما إنشاء حساب في Haven باستخدام بريدك الإلكتروني
service-mail-account-exists =
    حاول شخص ما إنشاء حساب جديد في Haven باستخدام عنوان البريد الإلكتروني هذا، مع أن له حسابًا بالفعل.
    إذا كنت أنت، فسجّل الدخول بحسابك. وإن لم تكن أنت، فيمكنك تجاهل هذه الرسالة.
service-mail-reset-subject = إعادة تعيين كلمة مرور Haven
# Followed by the link, on the same line.
service-mail-reset-intro =
    طلب شخص ما إعادة تعيين كلمة مرور حسابك في Haven. إذا كنت أنت، فاختر كلمة مرور
    جديدة من هنا:
# Followed by the code.
service-mail-reset-code = أو الصق هذا الرمز في تطبيق Haven:
# $minutes is 30.
service-mail-reset-once =
    يعمل مرة واحدة فقط، لمدة { $minutes } دقيقة. إذا لم تكن أنت، فتجاهل هذه الرسالة:
    لم تتغير كلمة مرورك.
service-mail-password-reset-subject = أُعيد تعيين كلمة مرور Haven الخاصة بك
# $time is a UTC date and time as RFC 3339 (2026-11-23T10:00:00Z).
service-mail-password-reset = أُعيد تعيين كلمة مرور حسابك في Haven بتاريخ { $time } (UTC)، وسُجّل الخروج من جميع الأجهزة.
service-mail-password-reset-advice = إذا لم تكن أنت، فتواصل فورًا مع مقدّم الرعاية أو المسؤول.
service-mail-password-changed-subject = تم تغيير كلمة مرور Haven الخاصة بك
# $time is a UTC date and time as RFC 3339 (2026-11-23T10:00:00Z).
service-mail-password-changed = تم تغيير كلمة مرور حسابك في Haven بتاريخ { $time } (UTC)، وسُجّل الخروج من أجهزتك الأخرى.
service-mail-password-changed-advice = إذا لم تكن أنت، فأعد تعيين كلمة مرورك من شاشة تسجيل الدخول وتواصل مع المسؤول.
