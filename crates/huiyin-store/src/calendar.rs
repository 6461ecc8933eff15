//! The holiday calendar and configuration documents (rules, categories) kept in the database
//! so an administrator can edit them.

use huiyin_core::Date;
use huiyin_core::calendar::{CalendarYear, DayKind, HolidayEntry};

use crate::Store;
use crate::audit::AuditEntry;
use crate::error::{Result, StoreError};
use crate::rows::{i64_col, text};

impl Store {
    /// Every loaded calendar year with its entries.
    pub async fn calendar_years(&self) -> Result<Vec<CalendarYear>> {
        let years = sqlx::query("SELECT year, source, complete FROM calendar_years ORDER BY year")
            .fetch_all(&self.read)
            .await?;
        let days = sqlx::query("SELECT day, kind, name FROM holidays ORDER BY day")
            .fetch_all(&self.read)
            .await?;
        let mut out = Vec::new();
        for y in &years {
            out.push(CalendarYear {
                year: i64_col(y, "year")? as i32,
                source: text(y, "source")?,
                entries: Vec::new(),
                complete: i64_col(y, "complete")? != 0,
            });
        }
        for d in &days {
            let day =
                Date::parse(&text(d, "day")?).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let kind = match text(d, "kind")?.as_str() {
                "off" => DayKind::Off,
                "workday" => DayKind::Workday,
                other => return Err(StoreError::Corrupt(format!("holiday kind {other:?}"))),
            };
            if let Some(y) = out.iter_mut().find(|y| y.year == day.year()) {
                y.entries.push(HolidayEntry {
                    date: day,
                    kind,
                    name: text(d, "name")?,
                });
            }
        }
        Ok(out)
    }

    /// Replaces the calendar of the given years (others are kept).
    pub async fn replace_calendar_years(&self, years: &[CalendarYear]) -> Result<()> {
        let mut tx = self.write.begin().await?;
        for y in years {
            let from = format!("{:04}-01-01", y.year);
            let to = format!("{:04}-12-31", y.year);
            sqlx::query("DELETE FROM holidays WHERE day >= $1 AND day <= $2")
                .bind(&from)
                .bind(&to)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM calendar_years WHERE year = $1")
                .bind(i64::from(y.year))
                .execute(&mut *tx)
                .await?;
            sqlx::query("INSERT INTO calendar_years (year, source, complete) VALUES ($1, $2, $3)")
                .bind(i64::from(y.year))
                .bind(&y.source)
                .bind(i64::from(y.complete))
                .execute(&mut *tx)
                .await?;
            for e in &y.entries {
                let kind = match e.kind {
                    DayKind::Off => "off",
                    DayKind::Workday => "workday",
                };
                sqlx::query("INSERT INTO holidays (day, kind, name) VALUES ($1, $2, $3)")
                    .bind(e.date.to_string())
                    .bind(kind)
                    .bind(&e.name)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn setting(&self, key: &str) -> Result<Option<String>> {
        let row = sqlx::query("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(|r| text(r, "value")).transpose()
    }

    pub async fn put_setting(&self, key: &str, value: &str, now_ms: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .bind(key)
        .bind(value)
        .bind(now_ms)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Sets (`Some`) or removes (`None`) a configuration document together with its audit
    /// entry, in one transaction: the change and its record stand or fall together.
    pub async fn replace_setting_audited(
        &self,
        key: &str,
        value: Option<&str>,
        now_ms: i64,
        audit: &AuditEntry,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        match value {
            Some(v) => {
                sqlx::query(
                    "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                )
                .bind(key)
                .bind(v)
                .bind(now_ms)
                .execute(&mut *tx)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM settings WHERE key = $1")
                    .bind(key)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        self.commit_audited(tx, std::slice::from_ref(audit)).await
    }
}
