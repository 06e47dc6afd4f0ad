//! One module per page.

pub mod admin;
pub(crate) mod article;
mod corrections;
mod home;
mod list;
mod search;
mod static_page;

/// The 404 page is also the router's fallback; it lives with the error
/// page among the components, which `loaded` uses too.
pub use crate::components::error_page::{ErrorPage, NotFound};
pub use article::ArticlePage;
pub use corrections::CorrectionsPage;
pub use home::HomePage;
pub use list::{AuthorPage, CategoryPage, TagPage};
pub use search::SearchPage;
pub use static_page::StaticPage;
