//! One module per page.

pub mod admin;
pub(crate) mod article;
mod home;
mod list;
mod not_found;
mod search;

pub use article::ArticlePage;
pub use home::HomePage;
pub use list::{AuthorPage, CategoryPage, TagPage};
pub use not_found::{ErrorPage, NotFound};
pub use search::SearchPage;
