//! Event-type patterns of exec rules: `*` any run of characters, `?` one, ASCII case ignored
//! (the one matching rule for vendor names).

/// Whether `name` matches `pattern`.
pub(crate) fn matches(pattern: &str, name: &str) -> bool {
    let (p, n) = (pattern.as_bytes(), name.as_bytes());
    let (mut pi, mut ni) = (0, 0);
    // Where the last `*` was, and the name position it is trying to cover up to.
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        match p.get(pi) {
            Some(b'*') => {
                star = Some((pi, ni));
                pi += 1;
            }
            Some(&c) if c == b'?' || c.eq_ignore_ascii_case(&n[ni]) => {
                pi += 1;
                ni += 1;
            }
            _ => match star {
                Some((sp, sn)) => {
                    pi = sp + 1;
                    ni = sn + 1;
                    star = Some((sp, sn + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|&c| c == b'*'))
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn patterns() {
        let cases = [
            ("Computer*", "ComputerCheckIn", true),
            ("Computer*", "computeradded", true),
            ("Computer*", "MobileDeviceCheckIn", false),
            ("*CheckIn", "MobileDeviceCheckIn", true),
            ("*CheckIn", "ComputerCheckInX", false),
            ("machine.*", "machine.offline", true),
            ("command.fail?d", "command.failed", true),
            ("*", "", true),
            ("", "", true),
            ("", "x", false),
            ("a*b*c", "aXXbYYc", true),
            ("a*b*c", "aXXbYY", false),
            ("SCEPChallenge", "SCEPChallenge", true),
        ];
        for (pattern, name, expected) in cases {
            assert_eq!(matches(pattern, name), expected, "{pattern} vs {name}");
        }
    }
}
