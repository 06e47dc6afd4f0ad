//! SQL assembled at run time (bulk inserts, a variable number of search
//! terms) with numbered placeholders. sqlx's `QueryBuilder` writes `?` for
//! the Any driver, which PostgreSQL rejects; `$1, $2, …` work on both.

use sqlx::any::AnyArguments;
use sqlx::error::BoxDynError;
use sqlx::{Any, Arguments, Encode, Type};
use std::fmt::Write;

#[derive(Default)]
pub struct Sql<'q> {
    text: String,
    arguments: AnyArguments<'q>,
    error: Option<BoxDynError>,
}

impl<'q> Sql<'q> {
    pub fn new(text: &str) -> Self {
        Sql {
            text: text.to_string(),
            ..Sql::default()
        }
    }

    /// Appends SQL text (never values: those go through [`Sql::bind`]).
    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder for `value`.
    pub fn bind<T>(&mut self, value: T) -> &mut Self
    where
        T: 'q + Encode<'q, Any> + Type<Any>,
    {
        if let Err(error) = self.arguments.add(value) {
            self.error.get_or_insert(error);
        }
        let _ = write!(self.text, "${}", self.arguments.len());
        self
    }

    /// Appends `(v, v, …), (v, v, …)` for `rows`: `each` binds one row's
    /// values (and may push SQL around them, e.g. function calls).
    pub fn values<R>(&mut self, rows: &'q [R], mut each: impl FnMut(&mut Sql<'q>, &'q R)) {
        for (i, row) in rows.iter().enumerate() {
            self.push(if i == 0 { "(" } else { ", (" });
            each(self, row);
            self.push(")");
        }
    }

    /// The SQL and its arguments, for `sqlx::query_with` and its
    /// `_as`/`_scalar` siblings; a value that could not be encoded is the
    /// error it would have been at execution.
    pub fn build(self) -> Result<(String, AnyArguments<'q>), sqlx::Error> {
        match self.error {
            Some(error) => Err(sqlx::Error::Encode(error)),
            None => Ok((self.text, self.arguments)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_in_order() {
        let rows = [(1i64, "а"), (2, "б")];
        let mut sql = Sql::new("INSERT INTO t (id, name) VALUES ");
        sql.values(&rows, |sql, (id, name)| {
            sql.bind(*id).push(", lower(").bind(*name).push(")");
        });
        sql.push(" RETURNING ").bind(7i64);
        let (text, arguments) = sql.build().expect("encodable");
        assert_eq!(
            text,
            "INSERT INTO t (id, name) VALUES ($1, lower($2)), ($3, lower($4)) RETURNING $5"
        );
        assert_eq!(arguments.len(), 5);
    }
}
