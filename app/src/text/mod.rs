//! Pure text logic shared by the server and the browser: Russian plurals,
//! dates in Asia/Almaty, excerpts and slug transliteration. No I/O here.

pub mod counts;
pub mod excerpt;
pub mod html;
pub mod plural;
pub mod time;
pub mod translit;
pub mod url;

pub use excerpt::excerpt;
pub use plural::{plural, Plural};
pub use time::{almaty_date_time, iso_datetime, relative_time, short_time};
pub use translit::slugify;
