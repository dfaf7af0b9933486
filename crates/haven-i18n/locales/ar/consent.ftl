consent-title = الموافقة المستنيرة
consent-loading = جارٍ التحميل…
consent-back = رجوع
consent-to-health = صحتي

## Where the patient stands ($date: a day, e.g. 29 Nov 2026)
consent-signed-on = وقّعت على هذا النص في { $date }.
consent-signed-earlier = وقّعت على إصدار سابق. يُرجى قراءة النص الجديد والتوقيع عليه.
consent-withdrawn-on = سحبت موافقتك في { $date }. لا يجمع Haven بيانات جديدة، وتظل بياناتك الحالية متاحة لك.
consent-not-signed = لم توقّع بعد. لا يسجّل Haven شيئًا حتى توقّع.

# $version: the consent text's version (e.g. 2).
consent-version = الإصدار { $version }
consent-sign = أوافق — توقيع

## Withdrawing
consent-withdraw = سحب موافقتك
consent-withdraw-title = هل تريد سحب موافقتك؟
consent-withdraw-explained = يتوقف Haven فورًا عن تسجيل قيم جديدة على جميع أجهزتك. ويظل ما سجّلته متاحًا لك ولفريق رعايتك، ويمكنك تنزيله متى شئت. ويمكنك التوقيع مجددًا لاحقًا.
# The button that confirms the withdrawal.
consent-withdraw-confirm = سحب
consent-keep = الإبقاء على موافقتي
