//! How the shared vocabulary is stored: statuses and roles by their
//! names, flags as 0/1 integers (portable across SQLite and PostgreSQL).
//! Rows decode into typed values here, at the data layer's boundary, so
//! that no code above it compares strings or integers.

use crate::domain::accounts::Role;
use crate::domain::articles::Status;
use sqlx::any::{AnyTypeInfo, AnyValueRef};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::{Any, Decode, Encode, Type};

/// A type stored as one of its names (`Status::as_str`, `Role::as_str`).
macro_rules! stored_by_name {
    ($type:ty, $what:literal) => {
        impl Type<Any> for $type {
            fn type_info() -> AnyTypeInfo {
                <String as Type<Any>>::type_info()
            }

            fn compatible(ty: &AnyTypeInfo) -> bool {
                <String as Type<Any>>::compatible(ty)
            }
        }

        impl<'r> Decode<'r, Any> for $type {
            fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
                let name = <&str as Decode<Any>>::decode(value)?;
                <$type>::parse(name).ok_or_else(|| format!("unknown {} {name:?}", $what).into())
            }
        }

        impl<'q> Encode<'q, Any> for $type {
            fn encode_by_ref(
                &self,
                buf: &mut <Any as sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<IsNull, BoxDynError> {
                <&str as Encode<'q, Any>>::encode_by_ref(&self.as_str(), buf)
            }
        }
    };
}

stored_by_name!(Status, "status");
stored_by_name!(Role, "role");

/// A flag column (0 or 1), for `#[sqlx(try_from = "Flag")] field: bool`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flag(i64);

impl Type<Any> for Flag {
    fn type_info() -> AnyTypeInfo {
        <i64 as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        <i64 as Type<Any>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Any> for Flag {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(Flag(<i64 as Decode<Any>>::decode(value)?))
    }
}

impl From<Flag> for bool {
    fn from(flag: Flag) -> bool {
        flag.0 != 0
    }
}
