//! WordPress content in our markup: every kind of block and shortcode
//! the importer promises, with the markup expected, and the markup read
//! back through our renderer where the reader's HTML matters.

use super::{
    escape_text, image_sources, is_block_content, prepare, to_markup, Attachment, Context,
    Converted,
};
use crate::server::markup::render;
use std::collections::HashMap;

/// Attachments 10 and 11 (uploaded to post 5), images stored as
/// /media/1… by address, and one old post that moved.
struct Site {
    attachments: HashMap<i64, Attachment>,
    images: HashMap<String, (String, String)>,
}

impl Site {
    fn new() -> Site {
        let attachment = |id: i64, file: &str, alt: &str, caption: &str| Attachment {
            id,
            url: format!("https://old.kz/wp-content/uploads/2026/11/{file}"),
            alt: alt.into(),
            caption: caption.into(),
            parent: 5,
        };
        let attachments: HashMap<i64, Attachment> = [
            (10, attachment(10, "steppe.jpg", "Степь", "Степь весной")),
            (11, attachment(11, "river.jpg", "Река", "")),
        ]
        .into();
        let mut images = HashMap::new();
        for (n, file) in ["steppe.jpg", "river.jpg", "akim-300x200.jpg"]
            .iter()
            .enumerate()
        {
            images.insert(
                format!("https://old.kz/wp-content/uploads/2026/11/{file}"),
                (format!("/media/{}", n + 1), String::new()),
            );
        }
        Site {
            attachments,
            images,
        }
    }
}

impl Context for Site {
    fn attachment(&self, id: i64) -> Option<&Attachment> {
        self.attachments.get(&id)
    }

    fn attachments_of(&self, id: i64) -> Vec<&Attachment> {
        let mut found: Vec<&Attachment> = self
            .attachments
            .values()
            .filter(|a| a.parent == id)
            .collect();
        found.sort_by_key(|a| a.id);
        found
    }

    fn image(&self, src: &str) -> Option<(String, String)> {
        self.images.get(src).cloned()
    }

    fn link(&self, href: &str) -> Option<String> {
        (href == "https://old.kz/2026/11/20/akim/").then(|| "/news/akim".to_string())
    }
}

fn convert(content: &str) -> Converted {
    let site = Site::new();
    let (html, mut dropped) = prepare(content, 5, &site);
    let mut converted = to_markup(&html, &site);
    converted.dropped.append(&mut dropped);
    converted
}

fn markup(content: &str) -> String {
    convert(content).markup
}

#[test]
fn block_paragraphs_headings_and_inline_formatting() {
    let content = "<!-- wp:paragraph -->\n<p>Первый <strong>важный</strong> абзац с <em>курсивом</em> и <s>ошибкой</s>.</p>\n<!-- /wp:paragraph -->\n\n\
                   <!-- wp:heading -->\n<h2 class=\"wp-block-heading\">Итоги дня</h2>\n<!-- /wp:heading -->\n\n\
                   <!-- wp:heading {\"level\":4} -->\n<h4>Подробности</h4>\n<!-- /wp:heading -->";
    assert!(is_block_content(content));
    assert_eq!(
        markup(content),
        "Первый **важный** абзац с *курсивом* и ~~ошибкой~~.\n\n## Итоги дня\n\n### Подробности"
    );
}

#[test]
fn block_quote_keeps_its_cite_and_pullquotes_are_quotes() {
    let quote = "<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\"><p>«Мы готовы к зиме», — заявил аким.</p><cite>Ерлан Қожағапанов</cite></blockquote>\n<!-- /wp:quote -->";
    assert_eq!(
        markup(quote),
        "> «Мы готовы к зиме», — заявил аким.\n>\n> — Ерлан Қожағапанов"
    );
    let html = render(&markup(quote));
    assert!(html.contains("<blockquote>"), "{html}");
    let pull = "<!-- wp:pullquote -->\n<figure class=\"wp-block-pullquote\"><blockquote><p>Главное</p><cite>Автор</cite></blockquote></figure>\n<!-- /wp:pullquote -->";
    assert_eq!(markup(pull), "> Главное\n>\n> — Автор");
}

#[test]
fn block_lists_nested_and_numbered() {
    let list = "<!-- wp:list -->\n<ul><li>Алматы<ul><li>Медеу</li></ul></li><li>Астана</li></ul>\n<!-- /wp:list -->\n\n\
                <!-- wp:list {\"ordered\":true} -->\n<ol><li>Первое</li><li>Второе</li></ol>\n<!-- /wp:list -->";
    assert_eq!(
        markup(list),
        "- Алматы\n   - Медеу\n- Астана\n\n1. Первое\n2. Второе"
    );
    let html = render(&markup(list));
    assert!(html.contains("<ol>"), "{html}");
    assert_eq!(html.matches("<ul>").count(), 2, "{html}");
}

#[test]
fn block_image_with_caption_is_a_figure() {
    let image = "<!-- wp:image {\"id\":10,\"sizeSlug\":\"large\"} -->\n<figure class=\"wp-block-image size-large\"><img src=\"https://old.kz/wp-content/uploads/2026/11/steppe.jpg\" alt=\"Степь под Туркестаном\" class=\"wp-image-10\"/><figcaption class=\"wp-element-caption\">Весна в степи</figcaption></figure>\n<!-- /wp:image -->";
    assert_eq!(
        markup(image),
        "![Степь под Туркестаном](/media/1 \"Весна в степи\")"
    );
    let html = render(&markup(image));
    assert!(
        html.contains("<figcaption>Весна в степи</figcaption>"),
        "{html}"
    );
}

#[test]
fn block_gallery_is_a_gallery() {
    let gallery = "<!-- wp:gallery {\"linkTo\":\"none\"} -->\n<figure class=\"wp-block-gallery has-nested-images\">\
                   <!-- wp:image {\"id\":10} --><figure class=\"wp-block-image\"><img src=\"https://old.kz/wp-content/uploads/2026/11/steppe.jpg\" alt=\"Степь\"/><figcaption>Весна</figcaption></figure><!-- /wp:image -->\
                   <!-- wp:image {\"id\":11} --><figure class=\"wp-block-image\"><img src=\"https://old.kz/wp-content/uploads/2026/11/river.jpg\" alt=\"Река\"/></figure><!-- /wp:image -->\
                   </figure>\n<!-- /wp:gallery -->";
    assert_eq!(
        markup(gallery),
        "![Степь](/media/1 \"Весна\")\n![Река](/media/2)"
    );
    assert!(render(&markup(gallery)).starts_with("<figure class=\"gallery\">"));
}

#[test]
fn block_table_with_header_and_caption() {
    let table = "<!-- wp:table -->\n<figure class=\"wp-block-table\"><table><thead><tr><th>Округ</th><th>Явка</th></tr></thead>\
                 <tbody><tr><td>Алматы</td><td>54%</td></tr><tr><td>Шымкент | юг</td><td><strong>61%</strong></td></tr></tbody></table>\
                 <figcaption>Данные ЦИК</figcaption></figure>\n<!-- /wp:table -->";
    assert_eq!(
        markup(table),
        "| Округ | Явка |\n|---|---|\n| Алматы | 54% |\n| Шымкент \\| юг | **61%** |\n\n*Данные ЦИК*"
    );
    let html = render(&markup(table));
    assert!(html.contains("<td>Шымкент | юг</td>"), "{html}");
}

#[test]
fn block_embeds_become_embed_lines_and_unknown_frames_are_named() {
    let youtube = "<!-- wp:embed {\"url\":\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\",\"type\":\"video\",\"providerNameSlug\":\"youtube\"} -->\n\
                   <figure class=\"wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube\"><div class=\"wp-block-embed__wrapper\">\n\
                   https://www.youtube.com/watch?v=dQw4w9WgXcQ\n</div></figure>\n<!-- /wp:embed -->";
    assert_eq!(
        markup(youtube),
        "<https://www.youtube.com/watch?v=dQw4w9WgXcQ>"
    );
    assert!(render(&markup(youtube)).contains("data-embed=\"youtube\""));
    let other = "<!-- wp:embed {\"url\":\"https://vimeo.com/1\"} -->\n<figure class=\"wp-block-embed\"><div class=\"wp-block-embed__wrapper\">https://vimeo.com/1</div></figure>\n<!-- /wp:embed -->";
    assert_eq!(markup(other), "<https://vimeo.com/1>");
    let frame = "<!-- wp:html -->\n<iframe src=\"https://www.youtube.com/embed/dQw4w9WgXcQ\"></iframe>\n<iframe src=\"https://tracker.example/x\"></iframe>\n<!-- /wp:html -->";
    let converted = convert(frame);
    assert_eq!(
        converted.markup,
        "<https://www.youtube.com/embed/dQw4w9WgXcQ>"
    );
    assert!(converted.dropped.contains("<iframe> (tracker.example)"));
}

#[test]
fn html_blocks_lose_their_scripts_and_keep_their_text() {
    let html = "<!-- wp:html -->\n<div class=\"promo\"><script>alert(1)</script><p>Подписывайтесь на <a href=\"javascript:alert(2)\">канал</a></p><form><input name=q></form></div>\n<!-- /wp:html -->";
    let converted = convert(html);
    assert_eq!(converted.markup, "Подписывайтесь на канал");
    for named in ["<script>", "<form>", "ссылка с недопустимой схемой"] {
        assert!(converted.dropped.contains(named), "{:?}", converted.dropped);
    }
    let page = render(&converted.markup);
    assert!(
        !page.contains("<script") && !page.contains("javascript:"),
        "{page}"
    );
}

#[test]
fn script_looking_text_stays_text() {
    let text = "<!-- wp:paragraph -->\n<p>Пишут &lt;script&gt;alert(1)&lt;/script&gt; и [ссылка](javascript:x) *звёздочки* # решётка</p>\n<!-- /wp:paragraph -->";
    let converted = markup(text);
    let page = render(&converted);
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    assert!(!page.contains("<a "), "{page}");
    assert!(page.contains("*звёздочки*"), "{page}");
}

#[test]
fn code_preformatted_verse_and_separator() {
    let blocks = "<!-- wp:code -->\n<pre class=\"wp-block-code\"><code>let x = 1;\nif x &lt; 2 {}</code></pre>\n<!-- /wp:code -->\n\n\
                  <!-- wp:separator -->\n<hr class=\"wp-block-separator\"/>\n<!-- /wp:separator -->\n\n\
                  <!-- wp:verse -->\n<pre class=\"wp-block-verse\">Ақ қайың\nжапырағы</pre>\n<!-- /wp:verse -->";
    assert_eq!(
        markup(blocks),
        "```\nlet x = 1;\nif x < 2 {}\n```\n\n---\n\nАқ қайың\\\nжапырағы"
    );
}

#[test]
fn containers_give_up_their_content() {
    let columns = "<!-- wp:columns -->\n<div class=\"wp-block-columns\"><!-- wp:column -->\n<div class=\"wp-block-column\"><!-- wp:paragraph --><p>Слева</p><!-- /wp:paragraph --></div>\n<!-- /wp:column --><!-- wp:column --><div class=\"wp-block-column\"><p>Справа</p></div><!-- /wp:column --></div>\n<!-- /wp:columns -->";
    assert_eq!(markup(columns), "Слева\n\nСправа");
}

#[test]
fn classic_paragraphs_are_blank_lines_and_single_breaks_stay() {
    let classic = "Первый абзац,\nсо второй строкой.\n\nВторой абзац со <a href=\"https://old.kz/2026/11/20/akim/\">ссылкой на старый пост</a> и <a href=\"https://gov.kz/x\">внешней</a>.\n\n<ul>\n<li>пункт</li>\n</ul>";
    assert!(!is_block_content(classic));
    assert_eq!(
        markup(classic),
        "Первый абзац,\\\nсо второй строкой.\n\nВторой абзац со [ссылкой на старый пост](/news/akim) и [внешней](https://gov.kz/x).\n\n- пункт"
    );
}

#[test]
fn classic_caption_shortcode_is_a_figure() {
    let caption = "[caption id=\"attachment_10\" align=\"alignnone\" width=\"300\"]<a href=\"https://old.kz/wp-content/uploads/2026/11/akim.jpg\"><img class=\"size-medium wp-image-10\" src=\"https://old.kz/wp-content/uploads/2026/11/akim-300x200.jpg\" alt=\"Аким\" width=\"300\" height=\"200\" /></a> Аким на встрече с жителями[/caption]\n\nТекст после.";
    assert_eq!(
        markup(caption),
        "![Аким](/media/3 \"Аким на встрече с жителями\")\n\nТекст после."
    );
}

#[test]
fn classic_gallery_shortcode_with_and_without_ids() {
    assert_eq!(
        markup("[gallery ids=\"11,10\"]"),
        "![Река](/media/2)\n![Степь](/media/1 \"Степь весной\")"
    );
    assert_eq!(
        markup("До.\n\n[gallery columns=\"2\"]\n\nПосле."),
        "До.\n\n![Степь](/media/1 \"Степь весной\")\n![Река](/media/2)\n\nПосле."
    );
    let empty = convert("[gallery ids=\"999\"]");
    assert!(empty.markup.is_empty());
    assert!(empty.dropped.contains("[gallery] без изображений"));
}

#[test]
fn classic_embed_lines_and_shortcodes() {
    assert_eq!(
        markup(
            "Видео:\n\nhttps://youtu.be/dQw4w9WgXcQ\n\n[embed]https://t.me/tengrinews/12[/embed]"
        ),
        "Видео:\n\n<https://youtu.be/dQw4w9WgXcQ>\n\n<https://t.me/tengrinews/12>"
    );
    let media = convert("[audio src=\"x.mp3\"]\n\n[video src=\"x.mp4\"][/video]\n\n[vc_row][vc_column]Текст конструктора[/vc_column][/vc_row]");
    assert_eq!(media.markup, "Текст конструктора");
    assert!(media.dropped.contains("[audio] (медиафайл)"));
    assert!(media.dropped.contains("[video] (медиафайл)"));
    // Brackets that are no known shortcode are text.
    assert_eq!(
        markup("Сноска [1] и [обновлено]"),
        "Сноска \\[1\\] и \\[обновлено\\]"
    );
}

#[test]
fn images_without_a_stored_file_are_dropped_and_named() {
    let converted =
        convert("<p><img src=\"https://elsewhere.com/x.jpg\" alt=\"x\"></p><p>Текст</p>");
    assert_eq!(converted.markup, "Текст");
    assert!(converted
        .missing_images
        .contains("https://elsewhere.com/x.jpg"));
    assert_eq!(
        image_sources("<p><img src=\"a.jpg\"><img src=\"a.jpg\"><img src=\"b.png\"></p>"),
        ["a.jpg", "b.png"]
    );
}

#[test]
fn the_first_paragraph_is_plain_text_for_the_lead() {
    let converted = convert("<!-- wp:paragraph --><p>Аким <strong>Алматы</strong> [сказал] *так*.</p><!-- /wp:paragraph --><p>Дальше.</p>");
    assert_eq!(converted.first_paragraph, "Аким Алматы [сказал] *так*.");
}

#[test]
fn text_that_looks_like_markup_is_escaped() {
    assert_eq!(
        escape_text("a*b_c [d] `e` <f> &amp; & ~g~ |h|"),
        "a\\*b\\_c \\[d\\] \\`e\\` \\<f\\> \\&amp; & \\~g\\~ \\|h\\|"
    );
    for start in [
        "# не заголовок",
        "- не список",
        "1. не список",
        "> не цитата",
    ] {
        let html = render(&markup(&format!("<p>{start}</p>")));
        assert!(html.starts_with("<p>"), "{start} → {html}");
    }
}
