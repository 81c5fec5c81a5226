### نصوص الواجهة المشتركة بين جميع صفحات الموقع.

site-name = منظمة العفو الدولية
skip-link = انتقل إلى المحتوى الرئيسي
language-switcher-label = لغات أخرى
language-chooser-title = اختر لغتك
language-chooser-intro = هذه الصفحة متاحة باللغات التالية.
printable-version = نسخة للطباعة
download-pdf = تنزيل بصيغة PDF
web-version = اقرأ هذه الصفحة على الإنترنت
footer-note = صادر عن { site-name }، حركة من أناس يعتبرون الظلم قضيتهم الشخصية.
# يظهر أعلى الصفحة عندما يكون جزء من نصها لا يزال بلغة أخرى.
partial-translation-notice = لم تُترجم أجزاء من هذه الصفحة بعد، ولذلك تُعرض بلغة أخرى.
# عدّاد الصفحات في نسخة الطباعة. تملأ الطابعة قيمتي $page و$pages.
print-page-number = الصفحة { $page } من { $pages }
print-link-note = تُطبع عناوين الروابط بعد نص كل رابط.
