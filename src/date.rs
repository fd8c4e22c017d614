//! The dated API's times: RFC 3339 date-times (`2026-09-01T12:00:00Z`),
//! read as Unix seconds for the workflows that compare ages (`prune`'s
//! `older_than`), by hand: a date library for one format would weigh more
//! than these lines, and the platform's `Date.parse` is out of reach of
//! the native tests.

/// The Unix seconds of an RFC 3339 date-time, or `None` if it is not one.
/// Fractions of a second are dropped; an offset is applied.
pub(crate) fn rfc3339_seconds(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let number = |from: usize, len: usize| -> Option<i64> {
        let part = bytes.get(from..from + len)?;
        part.iter().try_fold(0i64, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0'))
        })
    };
    let separator = |at: usize, allowed: &[u8]| bytes.get(at).is_some_and(|b| allowed.contains(b));
    if !(separator(4, b"-")
        && separator(7, b"-")
        && separator(10, b"Tt ")
        && separator(13, b":")
        && separator(16, b":"))
    {
        return None;
    }
    let (year, month, day) = (number(0, 4)?, number(5, 2)?, number(8, 2)?);
    let (hour, minute, second) = (number(11, 2)?, number(14, 2)?, number(17, 2)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    // Past the seconds: an optional fraction, then Z or an offset.
    let mut at = 19;
    if separator(at, b".") {
        at += 1;
        let digits = bytes
            .get(at..)?
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 {
            return None;
        }
        at += digits;
    }
    let offset = match bytes.get(at..)? {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let minutes = number(at + 1, 2)? * 60 + number(at + 4, 2)?;
            if *sign == b'+' {
                minutes * 60
            } else {
                -minutes * 60
            }
        }
        _ => return None,
    };
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::rfc3339_seconds;

    #[test]
    fn reads_rfc_3339_date_times_as_unix_seconds() {
        assert_eq!(rfc3339_seconds("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(rfc3339_seconds("2026-09-01T12:00:00Z"), Some(1_788_264_000));
        assert_eq!(
            rfc3339_seconds("2026-09-01T12:00:00.123456Z"),
            Some(1_788_264_000)
        );
        assert_eq!(
            rfc3339_seconds("2026-09-01T20:00:00+08:00"),
            Some(1_788_264_000)
        );
        assert_eq!(
            rfc3339_seconds("2026-09-01T04:30:00-07:30"),
            Some(1_788_264_000)
        );
        assert_eq!(rfc3339_seconds("2000-02-29t00:00:00z"), Some(951_782_400));
        assert_eq!(rfc3339_seconds("1969-12-31T23:59:59Z"), Some(-1));
    }

    #[test]
    fn refuses_what_is_not_one() {
        for text in [
            "",
            "2026-09-01",
            "2026-09-01T12:00:00",
            "2026-13-01T00:00:00Z",
            "2026-09-01T24:00:00Z",
            "2026-09-01T12:00:00.Z",
            "2026-09-01T12:00:00+0800",
            "1788264000",
            "2026-09-01T12:00:00Zjunk",
            "２０２６-09-01T12:00:00Z",
        ] {
            assert_eq!(rfc3339_seconds(text), None, "{text}");
        }
    }
}
