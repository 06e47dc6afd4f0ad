//! «Из файла Word (.docx)»: a Word document made the article's body.
//!
//! A `.docx` is a zip of XML. It is read here with limits of our own
//! before anything is expanded (entries, each entry's and the whole
//! expanded size, checked against what the bytes really expand to, not
//! what the zip says), refusing what is not a `.docx`, an encrypted
//! document (Office keeps those in an OLE container, not a zip), and one
//! with macros. The document becomes simple HTML (headings, paragraphs,
//! bold, italic, strikethrough, links, lists, quotes, tables, images,
//! footnotes as a list at the end), and that HTML goes the one way HTML
//! becomes markup here: the WordPress importer's converter
//! (`server::wordpress::content::to_markup`), which escapes text and
//! drops whatever the markup cannot hold. Images are stored like any
//! upload ([`import`]); the sanitiser sees the rendered result as it sees
//! everything typed.

pub mod import;
mod xml;

use crate::domain::refusal::Refusal;
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The most a document's zip may hold, in entries.
pub const MAX_ENTRIES: usize = 2_000;
/// The most one entry may expand to (a novel's XML is a few megabytes).
pub const MAX_ENTRY_BYTES: u64 = 32 * 1024 * 1024;
/// The most the entries read may expand to together.
pub const MAX_EXPANDED_BYTES: u64 = 96 * 1024 * 1024;
/// The most a `.docx` may weigh as uploaded.
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;

/// The document as HTML, and the images it shows (by the address the
/// HTML gives them: `docx-image:word/media/image1.png`).
#[derive(Debug, Default)]
pub struct DocxHtml {
    pub html: String,
    pub images: Vec<(String, Vec<u8>)>,
}

/// The prefix of an image's address in [`DocxHtml::html`].
pub const IMAGE_SCHEME: &str = "docx-image:";

/// An OLE compound file: an encrypted Office document or a Word 97 `.doc`.
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether an OLE file holds an encrypted OOXML package (its stream
/// `EncryptedPackage`, named in UTF-16).
fn is_encrypted_package(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|unit| unit.to_le_bytes())
        .collect();
    bytes
        .windows(name.len())
        .any(|window| window == name.as_slice())
}

/// The zip, read within the limits.
struct Package {
    archive: zip::ZipArchive<Cursor<Vec<u8>>>,
    expanded: u64,
}

impl Package {
    fn open(bytes: &[u8]) -> Result<Package, Refusal> {
        if bytes.len() > MAX_FILE_BYTES {
            return Err(Refusal::DocxTooLarge);
        }
        if bytes.starts_with(&OLE_MAGIC) {
            return Err(if is_encrypted_package(bytes) {
                Refusal::DocxEncrypted
            } else {
                Refusal::DocxOldWord
            });
        }
        if !bytes.starts_with(b"PK\x03\x04") {
            return Err(Refusal::DocxNotDocx);
        }
        let archive =
            zip::ZipArchive::new(Cursor::new(bytes.to_vec())).map_err(|_| Refusal::DocxNotDocx)?;
        if archive.len() > MAX_ENTRIES {
            return Err(Refusal::DocxTooLarge);
        }
        let mut package = Package {
            archive,
            expanded: 0,
        };
        let names: Vec<String> = package.archive.file_names().map(str::to_string).collect();
        let has = |name: &str| names.iter().any(|n| n == name);
        if !has("[Content_Types].xml") || !has("word/document.xml") {
            return Err(Refusal::DocxNotDocx);
        }
        if names
            .iter()
            .any(|n| n.to_ascii_lowercase().ends_with("vbaproject.bin"))
        {
            return Err(Refusal::DocxMacros);
        }
        let types = package.text("[Content_Types].xml")?.unwrap_or_default();
        if types.contains("macroEnabled") {
            return Err(Refusal::DocxMacros);
        }
        Ok(package)
    }

    /// An entry's bytes, if it is there; over a limit (as expanded, not
    /// as declared) the whole document is refused.
    fn bytes(&mut self, name: &str) -> Result<Option<Vec<u8>>, Refusal> {
        let entry = match self.archive.by_name(name) {
            Ok(entry) => entry,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(zip::result::ZipError::UnsupportedArchive(_)) => {
                return Err(Refusal::DocxEncrypted)
            }
            Err(_) => return Err(Refusal::DocxNotDocx),
        };
        if entry.encrypted() {
            return Err(Refusal::DocxEncrypted);
        }
        let room = MAX_ENTRY_BYTES.min(MAX_EXPANDED_BYTES - self.expanded);
        let mut out = Vec::new();
        entry
            .take(room + 1)
            .read_to_end(&mut out)
            .map_err(|_| Refusal::DocxNotDocx)?;
        if out.len() as u64 > room {
            return Err(Refusal::DocxTooLarge);
        }
        self.expanded += out.len() as u64;
        Ok(Some(out))
    }

    fn text(&mut self, name: &str) -> Result<Option<String>, Refusal> {
        match self.bytes(name)? {
            Some(bytes) => String::from_utf8(bytes)
                .map(Some)
                .map_err(|_| Refusal::DocxNotDocx),
            None => Ok(None),
        }
    }
}

/// Reads a `.docx` into HTML and its images.
pub fn to_html(bytes: &[u8]) -> Result<DocxHtml, Refusal> {
    let mut package = Package::open(bytes)?;
    let document = package
        .text("word/document.xml")?
        .ok_or(Refusal::DocxNotDocx)?;
    let parts = xml::Parts {
        relations: xml::relations(
            &package
                .text("word/_rels/document.xml.rels")?
                .unwrap_or_default(),
        )?,
        styles: xml::styles(&package.text("word/styles.xml")?.unwrap_or_default())?,
        numbering: xml::numbering(&package.text("word/numbering.xml")?.unwrap_or_default())?,
        footnotes: package.text("word/footnotes.xml")?.unwrap_or_default(),
    };
    let written = xml::document_html(&document, &parts)?;
    let mut images = Vec::new();
    let mut seen: HashMap<String, ()> = HashMap::new();
    for target in written.images {
        if seen.insert(target.clone(), ()).is_some() {
            continue;
        }
        if let Some(bytes) = package.bytes(&target)? {
            images.push((format!("{IMAGE_SCHEME}{target}"), bytes));
        }
    }
    Ok(DocxHtml {
        html: written.html,
        images,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_zip_with_a_word_document_is_read() {
        assert_eq!(to_html(b"").err(), Some(Refusal::DocxNotDocx));
        assert_eq!(
            to_html(b"PK\x03\x04broken").err(),
            Some(Refusal::DocxNotDocx)
        );
        let mut ole = OLE_MAGIC.to_vec();
        ole.extend_from_slice(&[0; 512]);
        assert_eq!(to_html(&ole).err(), Some(Refusal::DocxOldWord));
        ole.extend(
            "EncryptedPackage"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        assert_eq!(to_html(&ole).err(), Some(Refusal::DocxEncrypted));
        let huge = vec![b'P'; MAX_FILE_BYTES + 1];
        assert_eq!(to_html(&huge).err(), Some(Refusal::DocxTooLarge));
    }
}
