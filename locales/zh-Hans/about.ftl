### “关于国际特赦组织”页面。
###
### 模板传入的参数：
###   $members      运动的参与人数（数字）
###   $founded      第一篇文章发表的年份（ISO 日期，显示为年份）
###   $jubilee      周年庆祝活动的年份（ISO 日期，显示为年份）
###   $anniversary  所庆祝的周年数（数字）
###
### 标记：可使用 <strong> 和 <em>；链接
### <a data-l10n-name="history-link"> 的地址由模板提供。
###
### 只有当“Required”组中的所有消息都已翻译时，页面才会以该语言发布。

-amnesty = 国际特赦组织
-observer = 《观察家报》
-udhr = 《世界人权宣言》

## Required

page-title = 关于{ -amnesty }
    .description = 我们是谁，我们坚持什么，以及1961年的一篇报纸文章如何发展为一场全球人权运动。

mission-heading = 使命与愿景

mission-movement = { -amnesty }是一场全球性运动，参与者超过{ NUMBER($members) }人，他们都把不公义视为切身之事。我们为实现一个人人享有人权的世界而奔走。

mission-independence = 我们的资金来自会员和像您一样的人士。我们独立于任何政治意识形态、经济利益和宗教。任何政府都不能逃避监督。任何处境都不是毫无希望的。

mission-achievements = 在我们起步之时，很少有人能预料到：施加酷刑者会成为国际社会的法外之徒；大多数国家会废除死刑；看似不可撼动的独裁者会被迫为其罪行承担责任。

## History

history-heading = 历史

history-article = { DATETIME($founded, year: "numeric") }，伦敦{ -observer }刊登了一篇题为《被遗忘的囚犯》的文章。文章作者是英国律师彼得·本南森（Peter Benenson），他在文中表达了对一种全球趋势的厌恶：人们仅仅因为政治或宗教观点不为本国政府所容，便遭到监禁、酷刑乃至处决。

history-benenson = 两名葡萄牙学生因举杯为自由祝酒而被判处七年监禁，这件事令本南森义愤填膺。他因此写下了这篇意义深远的文章，阐述了他对集体行动的构想——这一构想至今仍是{ -amnesty }工作的鲜明标志。

history-growth = { -amnesty }从一间办公室起步，发展成为今天举足轻重的人权组织，始终坚守政治中立、独立于各国政府以及信息严谨准确这三项核心原则。

history-anniversary = { DATETIME($jubilee, year: "numeric") }，{ -amnesty }迎来成立{ $anniversary }周年，全年在全球各地开展行动，聚焦死刑、言论自由、生育权利、国际司法以及制止企业侵权等议题。

history-today = 如今，我们正在推行一种全新的全球工作模式，设立负责研究、运动倡导和传播工作的区域中心。<a data-l10n-name="history-link">前往 Amnesty.org 了解更多历史</a>。

## Human rights

rights-heading = 什么是人权？

rights-definition = 人权是每个人仅仅因为身而为人就应享有的基本自由和保护。这些权利已载入{ -udhr }。

rights-universal = 人权具有普遍性：人权属于每一个人，无论其种族、性取向、公民身份、性别、国籍、族裔或身心能力如何。

rights-list-label = 人权的基本特征

rights-item-basic = <strong>人权是基本的自由和保护</strong>，每个人仅仅因为身而为人就有权享有。这些权利已载入{ -udhr }。

rights-item-universal = <strong>人权具有普遍性：</strong>人权属于每一个人，无论其种族、性取向、公民身份、性别、国籍、族裔或身心能力如何。

rights-item-inherent = <strong>人权与生俱来：</strong>我们每个人生来就享有人权。人们享有人权，仅仅因为他们是人。

rights-item-inalienable = <strong>人权不可剥夺：</strong>人权不能被夺走。任何个人、企业、组织或政府都不能剥夺一个人的权利。

rights-item-violable = <strong>人权可能遭到侵犯：</strong>人权虽不可剥夺，却并非不可侵犯。侵犯行为可能使人们无法享有自己的权利，但并不会令这些权利不复存在。

rights-item-essential = <strong>人权不可或缺：</strong>人权是实现自由、正义与和平的必要条件。
