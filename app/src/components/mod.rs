//! Reusable views.

pub mod article_card;
pub mod breaking;
pub mod embeds;
pub mod error_page;
pub mod follow;
pub mod islands;
pub mod layout;
pub mod live;
pub mod loaded;
pub mod most_read;
pub mod picture;
pub mod push;
pub mod raw_text;
pub mod seo;
pub mod share;
pub mod ticker;
