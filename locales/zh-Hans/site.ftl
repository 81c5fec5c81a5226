### 网站所有页面共用的界面文字。

site-name = 国际特赦组织
skip-link = 跳至主要内容
language-switcher-label = 其他语言
language-chooser-title = 选择语言
language-chooser-intro = 本页面提供以下语言版本。
printable-version = 打印版
download-pdf = 下载 PDF 版
web-version = 在线阅读本页
footer-note = 由{ site-name }发布——一场由视不公义为切身之事的人们组成的运动。
# 当页面部分文字仍为其他语言时，显示在页面顶部。
partial-translation-notice = 本页面部分内容尚未翻译，暂以其他语言显示。
# 打印版的页码。$page 和 $pages 由打印程序填入。
print-page-number = 第{ $page }页，共{ $pages }页
print-link-note = 链接的网址打印在链接文字之后。
# 当页面部分文字的原文在翻译后有所改动时，显示在页面顶部。
stale-translation-notice = 本译文依据本页面的旧版本翻译，部分内容可能已过时。
