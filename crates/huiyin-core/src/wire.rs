//! Values as they arrive from outside — a JSON body or an HTML form — before the domain has
//! accepted them. A [`Field`] deserialises from a string, a number or a boolean (forms send
//! only strings, JSON sends numbers too); a blank string is an absent field; a value that does
//! not parse is kept as its text, so that the one builder of each use case can report every
//! problem by field name instead of failing on the first (as a typed serde field would).
//! [`Problems`] is that builder's collector.

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use std::fmt;
use std::marker::PhantomData;

use crate::date::Date;
use crate::error::{DomainError, ErrorCode};

/// A type that can be read from one wire value.
pub trait FromWire: Sized {
    /// Whether surrounding spaces are dropped before reading (all but secrets).
    const TRIMMED: bool = true;
    fn from_wire(text: &str) -> Option<Self>;
}

/// Text taken exactly as sent (a password: spaces may be part of it).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct ExactText(pub String);

impl fmt::Debug for ExactText {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("ExactText(…)")
    }
}

impl serde::Serialize for ExactText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str("")
    }
}

impl FromWire for ExactText {
    const TRIMMED: bool = false;
    fn from_wire(text: &str) -> Option<ExactText> {
        Some(ExactText(text.to_owned()))
    }
}

impl FromWire for String {
    fn from_wire(text: &str) -> Option<String> {
        Some(text.to_owned())
    }
}

impl FromWire for i64 {
    fn from_wire(text: &str) -> Option<i64> {
        text.parse().ok()
    }
}

impl FromWire for u32 {
    fn from_wire(text: &str) -> Option<u32> {
        text.parse().ok()
    }
}

impl FromWire for Date {
    fn from_wire(text: &str) -> Option<Date> {
        Date::parse(text).ok()
    }
}

/// Wire enums: every `wire_enum!` and the step names read their `parse`.
#[macro_export]
macro_rules! from_wire_by_parse {
    ($($t:ty),+ $(,)?) => {
        $(impl $crate::wire::FromWire for $t {
            fn from_wire(text: &str) -> Option<$t> {
                <$t>::parse(text)
            }
        })+
    };
}

/// One field of an input, as received.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Field<T> {
    /// Not sent, null, or blank.
    #[default]
    Absent,
    Given(T),
    /// Sent, but not a value of the field's type: the text as received.
    Invalid(String),
}

impl<T> Field<T> {
    pub fn given(&self) -> Option<&T> {
        match self {
            Field::Given(v) => Some(v),
            _ => None,
        }
    }

    pub fn into_given(self) -> Option<T> {
        match self {
            Field::Given(v) => Some(v),
            _ => None,
        }
    }

    pub fn is_absent(&self) -> bool {
        matches!(self, Field::Absent)
    }
}

impl<T: FromWire> Field<T> {
    /// Reads one text value (trimmed unless the type says not; blank is absent).
    pub fn read(text: &str) -> Field<T> {
        if text.trim().is_empty() {
            return Field::Absent;
        }
        let t = if T::TRIMMED { text.trim() } else { text };
        match T::from_wire(t) {
            Some(v) => Field::Given(v),
            None => Field::Invalid(t.to_owned()),
        }
    }
}

/// Written back as received: absent as null, a value as itself, an invalid value as its text.
impl<T: serde::Serialize> serde::Serialize for Field<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Absent => s.serialize_none(),
            Field::Given(v) => v.serialize(s),
            Field::Invalid(text) => s.serialize_str(text),
        }
    }
}

impl<'de, T: FromWire> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Field<T>, D::Error> {
        struct FieldVisitor<T>(PhantomData<T>);
        impl<'de, T: FromWire> Visitor<'de> for FieldVisitor<T> {
            type Value = Field<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, a number, a boolean or null")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Field<T>, E> {
                Ok(Field::read(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Field<T>, E> {
                Ok(Field::read(&v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Field<T>, E> {
                Ok(Field::read(&v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Field<T>, E> {
                Ok(Field::read(&v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Field<T>, E> {
                Ok(Field::read(if v { "true" } else { "false" }))
            }
            fn visit_none<E: de::Error>(self) -> Result<Field<T>, E> {
                Ok(Field::Absent)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Field<T>, E> {
                Ok(Field::Absent)
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Field<T>, D2::Error> {
                d.deserialize_any(self)
            }
        }
        d.deserialize_any(FieldVisitor(PhantomData))
    }
}

/// The problems found in one input, by field, in both languages; one `Validation` error.
#[derive(Default)]
pub struct Problems(Option<DomainError>);

impl Problems {
    pub fn add(&mut self, field: &str, zh: &str, en: &str) {
        let e = self
            .0
            .take()
            .unwrap_or_else(|| DomainError::new(ErrorCode::Validation));
        self.0 = Some(e.with(field, zh, en));
    }

    pub fn missing(&mut self, field: &str) {
        self.add(field, "缺少此项", "required");
    }

    /// `Err` with every problem, or `Ok(value)` when there were none.
    pub fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, DomainError> {
        match self.0 {
            Some(e) => Err(e),
            None => Ok(value()),
        }
    }
}

/// A list of ids as sent (JSON numbers): each positive, repeats dropped, in the order given;
/// `None` when one is not a positive integer (the caller names the field).
pub fn positive_ids(values: Option<Vec<serde_json::Value>>) -> Option<Vec<i64>> {
    let mut out = Vec::new();
    for v in values.unwrap_or_default() {
        let id = v.as_i64().filter(|i| *i > 0)?;
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Some(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Probe {
        #[serde(default)]
        n: Field<i64>,
        #[serde(default)]
        d: Field<Date>,
        #[serde(default)]
        s: Field<String>,
    }

    /// Serde writes and reads every vocabulary by its wire name (read models serialise the
    /// enums themselves, so the API's JSON must not change with a variant's Rust name).
    #[test]
    fn serde_names_are_the_wire_names() {
        fn check<T>(all: &[T], as_str: fn(T) -> &'static str)
        where
            T: Copy + std::fmt::Debug + PartialEq + serde::Serialize + serde::de::DeserializeOwned,
        {
            for v in all {
                let json = serde_json::to_value(v).unwrap();
                assert_eq!(json, serde_json::json!(as_str(*v)), "{v:?}");
                assert_eq!(serde_json::from_value::<T>(json).unwrap(), *v);
            }
        }
        use crate::case::{Flag, Status};
        use crate::kinds::*;
        use crate::workflow::ActionKind;
        check(Status::ALL, Status::as_str);
        check(Flag::ALL, Flag::as_str);
        check(Channel::ALL, Channel::as_str);
        check(PetitionType::ALL, PetitionType::as_str);
        check(Outcome::ALL, Outcome::as_str);
        check(Grade::ALL, Grade::as_str);
        check(DiversionProcedure::ALL, DiversionProcedure::as_str);
        check(ServiceMethod::ALL, ServiceMethod::as_str);
        check(ActionKind::ALL, ActionKind::as_str);
        check(
            crate::workflow::DeadlineKind::ALL,
            crate::workflow::DeadlineKind::as_str,
        );
        check(crate::org::UnitKind::ALL, crate::org::UnitKind::as_str);
        check(crate::role::Role::STAFF, crate::role::Role::as_str);
    }

    #[test]
    fn numbers_and_strings_blank_and_bad_values() {
        let p: Probe = serde_json::from_str(r#"{"n": 7, "d": " 2026-12-02 ", "s": "  "}"#).unwrap();
        assert_eq!(p.n, Field::Given(7));
        assert_eq!(p.d, Field::Given(Date::parse("2026-12-02").unwrap()));
        assert_eq!(p.s, Field::Absent);
        let p: Probe = serde_json::from_str(r#"{"n": "7", "d": "tomorrow", "s": null}"#).unwrap();
        assert_eq!(p.n, Field::Given(7));
        assert_eq!(p.d, Field::Invalid("tomorrow".into()));
        assert_eq!(p.s, Field::Absent);
        let p: Probe = serde_json::from_str("{}").unwrap();
        assert!(p.n.is_absent() && p.d.is_absent() && p.s.is_absent());
    }
}
