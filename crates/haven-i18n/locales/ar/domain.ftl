## The health domain (haven-api): kinds of observation, roles, second steps, countries, and the
## rules an observation must meet (shown by the app at capture and by the service for a push).

domain-kind-heart-rate = معدل ضربات القلب
domain-kind-blood-pressure = ضغط الدم
domain-kind-weight = الوزن
domain-kind-temperature = درجة الحرارة
domain-kind-oxygen-saturation = تشبّع الأكسجين
domain-kind-blood-glucose = سكر الدم
domain-kind-steps = الخطوات
domain-kind-symptom = العَرَض
# The two lines of a blood pressure chart.
domain-line-systolic = الأعلى (الانقباضي)
domain-line-diastolic = الأدنى (الانبساطي)
# A blood-pressure reading without its unit: "120/80".
domain-value-blood-pressure = { $systolic } على { $diastolic }
# A symptom's name and its severity out of 10: "Headache (4/10)".
domain-value-symptom = { $name } ({ $severity } من ١٠)

domain-role-patient = مريض
domain-role-clinician = اختصاصي سريري
domain-role-admin = مسؤول

# The second steps of signing in, as offered and named everywhere.
domain-factor-sms = رسالة نصية
domain-factor-totp = تطبيق المصادقة
# What the code is called where it is asked for.
domain-step-sms = رمز الرسالة النصية
domain-step-totp = رمز تطبيق المصادقة
domain-step-recovery-code = رمز الاسترداد

## The countries offered beside a mobile number field.
domain-country-au = أستراليا
domain-country-at = النمسا
domain-country-be = بلجيكا
domain-country-ca = كندا
domain-country-dk = الدنمارك
domain-country-fi = فنلندا
domain-country-fr = فرنسا
domain-country-de = ألمانيا
domain-country-in = الهند
domain-country-ie = أيرلندا
domain-country-it = إيطاليا
domain-country-nl = هولندا
domain-country-nz = نيوزيلندا
domain-country-no = النرويج
domain-country-pl = بولندا
domain-country-pt = البرتغال
domain-country-za = جنوب أفريقيا
domain-country-es = إسبانيا
domain-country-se = السويد
domain-country-ch = سويسرا
domain-country-gb = المملكة المتحدة
domain-country-us = الولايات المتحدة

## Why an observation is not accepted.
# recorded_at is the field's name in the service's interface: keep it, and the example, as they are.
domain-recorded-at-format = يجب أن يكون recorded_at وقتًا بصيغة RFC 3339، مثل 2026-11-24T08:30:00Z.
domain-recorded-at-future = هذا الوقت في المستقبل.
domain-recorded-at-before-1900 = هذا الوقت سابق لعام ١٩٠٠.
domain-id-not-uuid = يجب أن يكون المعرّف UUID مكتوبًا بأحرف صغيرة، مثل 0192f1c4-7b8e-7d3a-9f00-5e2b6c1d8a47.
domain-note-too-long = تتجاوز الملاحظة { $max } من الأحرف.
domain-note-nul = لا يمكن أن تحتوي الملاحظة على المحرف الفارغ (U+0000).
# $kind is the kind's wire name (heart_rate, blood_pressure, weight, temperature, oxygen_saturation,
# blood_glucose, steps, symptom), which English shows as it is; a translation may name it in words.
# $unit is the unit it is measured in (bpm, kg, …), $given the unit sent, in quotes.
domain-unit-wrong = وحدة قياس { $kind ->
        [heart_rate] معدل ضربات القلب
        [blood_pressure] ضغط الدم
        [weight] الوزن
        [temperature] درجة الحرارة
        [oxygen_saturation] تشبّع الأكسجين
        [blood_glucose] سكر الدم
        [steps] عدد الخطوات
        [symptom] شدة العَرَض
       *[other] { $kind }
    } هي { $unit }، وليست { $given }.
domain-blood-pressure-range = يجب أن يكون الضغط الانقباضي بين { $sys_low } و{ $sys_high } mmHg، والانبساطي بين { $dia_low } و{ $dia_high }.
domain-blood-pressure-order = يجب أن يكون الضغط الانبساطي أقل من الانقباضي.
domain-symptom-name = يحتاج العَرَض إلى اسم يتكوّن مما بين { $min } و{ $max } من الأحرف.
domain-symptom-name-characters = لا يمكن أن يحتوي اسم العَرَض على أحرف تحكّم أو علامات تعيد ترتيب النص.
domain-severity-range = الشدة عدد صحيح من { $low } إلى { $high }.
# $kind as above (a kind measured by one number); $unit its unit.
domain-value-range = يجب أن تكون قيمة { $kind ->
        [heart_rate] معدل ضربات القلب
        [weight] الوزن
        [temperature] درجة الحرارة
        [oxygen_saturation] تشبّع الأكسجين
        [blood_glucose] سكر الدم
        [steps] عدد الخطوات
       *[other] { $kind }
    } بين { $low } و{ $high } { $kind ->
        [heart_rate] { domain-unit-heart-rate }
        [weight] { domain-unit-weight }
        [temperature] { domain-unit-temperature }
        [oxygen_saturation] { domain-unit-oxygen-saturation }
        [blood_glucose] { domain-unit-blood-glucose }
        [steps] { domain-unit-steps }
       *[other] { $unit }
    }.
domain-steps-whole = يجب أن يكون عدد الخطوات عددًا صحيحًا.
# $kind as above.
domain-value-does-not-fit = هذه القيمة لا تناسب { $kind ->
        [heart_rate] معدل ضربات القلب
        [blood_pressure] ضغط الدم
        [weight] الوزن
        [temperature] درجة الحرارة
        [oxygen_saturation] تشبّع الأكسجين
        [blood_glucose] سكر الدم
        [steps] عدد الخطوات
        [symptom] العَرَض
       *[other] { $kind }
    }.
domain-unit-heart-rate = نبضة/دقيقة
domain-unit-blood-pressure = mmHg
domain-unit-weight = kg
domain-unit-temperature = °C
domain-unit-oxygen-saturation = %
domain-unit-blood-glucose = mmol/L
domain-unit-steps = خطوة
domain-unit-symptom = الشدة
