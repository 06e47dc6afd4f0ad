//! A generated WordPress export of any size: `posts` posts of about
//! 1.5 KB of block markup each (paragraphs, a heading, a list, a quote),
//! for the import benchmark (`scripts/bench-import`) and the memory test.

use std::io::{self, Write};

/// Writes the export to `out`; `cut` stops in the middle of one more
/// post, as a download that broke off.
pub fn write_export(out: &mut impl Write, posts: usize, cut: bool) -> io::Result<()> {
    writeln!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<rss version=\"2.0\" \
         xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n\
         <channel>\n<title>Большой архив</title>\n<link>https://big.example.kz</link>\n\
         <wp:wxr_version>1.2</wp:wxr_version>\n<wp:base_site_url>https://big.example.kz</wp:base_site_url>\n\
         <wp:base_blog_url>https://big.example.kz</wp:base_blog_url>\n\
         <wp:author><wp:author_login><![CDATA[archive]]></wp:author_login>\
         <wp:author_display_name><![CDATA[Архив редакции]]></wp:author_display_name></wp:author>\n\
         <wp:category><wp:category_nicename><![CDATA[arkhiv]]></wp:category_nicename>\
         <wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[Архив]]></wp:cat_name></wp:category>"
    )?;
    for n in 1..=posts {
        let day = 1 + n % 28;
        writeln!(
            out,
            "<item><title><![CDATA[Новость архива №{n}: аким области провёл приём граждан]]></title>\
             <link>https://big.example.kz/2020/01/{day:02}/novost-{n}/</link>\
             <dc:creator><![CDATA[archive]]></dc:creator>\
             <guid isPermaLink=\"false\">https://big.example.kz/?p={n}</guid>\
             <content:encoded><![CDATA[<!-- wp:paragraph -->\n<p>Аким области провёл приём граждан в районе №{n}. \
             Жители спрашивали о дорогах, школах и отоплении; по каждому вопросу даны поручения.</p>\n\
             <!-- /wp:paragraph -->\n\n<!-- wp:heading -->\n<h2>Что обещали</h2>\n<!-- /wp:heading -->\n\n\
             <!-- wp:list -->\n<ul><li>отремонтировать дорогу до весны;</li><li>открыть новую школу к сентябрю;</li>\
             <li>проверить котельную.</li></ul>\n<!-- /wp:list -->\n\n<!-- wp:quote -->\n\
             <blockquote class=\"wp-block-quote\"><p>«Все обращения будут рассмотрены в срок», — сказал аким.</p>\
             <cite>Пресс-служба</cite></blockquote>\n<!-- /wp:quote -->\n\n<!-- wp:paragraph -->\n\
             <p>Следующий приём пройдёт через месяц. Записаться можно по телефону или на сайте акимата; \
             приём ведётся на казахском и русском языках, ответы дают в течение пятнадцати рабочих дней.</p>\n\
             <!-- /wp:paragraph -->]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>\
             <wp:post_id>{n}</wp:post_id>\
             <wp:post_date><![CDATA[2020-01-{day:02} 10:00:00]]></wp:post_date>\
             <wp:post_date_gmt><![CDATA[2020-01-{day:02} 05:00:00]]></wp:post_date_gmt>\
             <wp:post_name><![CDATA[novost-{n}]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status>\
             <wp:post_parent>0</wp:post_parent><wp:post_type><![CDATA[post]]></wp:post_type>\
             <wp:post_password><![CDATA[]]></wp:post_password><wp:is_sticky>0</wp:is_sticky>\
             <category domain=\"category\" nicename=\"arkhiv\"><![CDATA[Архив]]></category></item>"
        )?;
    }
    if cut {
        write!(out, "<item><title>Оборвано на середине")?;
    } else {
        writeln!(out, "</channel>\n</rss>")?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::write_export;
    use crate::server::wordpress::wxr::{Entry, WxrError, WxrReader};

    #[test]
    fn the_sample_reads_back_whole_and_cut() {
        let mut whole = Vec::new();
        write_export(&mut whole, 3, false).unwrap();
        let mut reader = WxrReader::new(whole.as_slice());
        let mut items = 0;
        while let Some(entry) = reader.next_entry().unwrap() {
            items += usize::from(matches!(entry, Entry::Item(_)));
        }
        assert_eq!(items, 3);
        let mut cut = Vec::new();
        write_export(&mut cut, 3, true).unwrap();
        let mut reader = WxrReader::new(cut.as_slice());
        let error = loop {
            match reader.next_entry() {
                Ok(Some(_)) => {}
                Ok(None) => panic!("a cut file read to the end"),
                Err(error) => break error,
            }
        };
        assert!(matches!(error, WxrError::Truncated(_)), "{error}");
    }
}
