//! Realistic values for simulated payloads: Apple-style serials and UDIDs, MAC and private IPv4
//! addresses, IMEIs and ICCIDs with valid check digits, people and places from small built-in
//! lists, vendor ids (ULIDs, MongoDB-style object ids) and times.
//!
//! Every value comes from one seedable generator and one clock, [`Values`]. Unseeded, the
//! generator is seeded from the operating system and the clock is now. Seeded, the clock is
//! [`SEEDED_BASE_MS`] plus an offset drawn from the seed, so a seeded payload is reproducible
//! byte for byte, timestamps included.

use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};

/// The clock of a seeded run: 2025-01-06T08:00:00Z, plus an offset of up to 90 days drawn from
/// the seed. Fixed so that `--seed N` prints the same payload on every run and machine.
pub(super) const SEEDED_BASE_MS: i64 = 1_736_150_400_000;

/// How far past [`SEEDED_BASE_MS`] a seeded clock may be.
const SEEDED_SPAN_MS: i64 = 90 * 24 * 60 * 60 * 1000;

/// Crockford's base32, as ULIDs and cmdop's ids use it (no I, L, O, U).
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Characters of the unique part of an Apple serial number: digits and consonants (no vowels,
/// so no O to mistake for 0 or I for 1; no B or S either, as in Apple's own alphabet).
const SERIAL_CHARS: &[u8; 28] = b"0123456789CDFGHJKLMNPQRTVWXY";

/// First three characters of Mac serials (factory and line codes seen on real machines).
const MAC_SERIAL_PREFIXES: [&str; 8] = ["C02", "C07", "C1M", "FVF", "F5K", "G8W", "H4T", "D6P"];

/// First three characters of iPhone and iPad serials.
const IOS_SERIAL_PREFIXES: [&str; 6] = ["DMP", "F4K", "DX3", "G6T", "F2L", "GG7"];

/// Organizationally unique identifiers Apple registered for its network interfaces.
const APPLE_OUIS: [[u8; 3]; 10] = [
    [0xA4, 0x83, 0xE7],
    [0xF0, 0x18, 0x98],
    [0x3C, 0x22, 0xFB],
    [0x8C, 0x85, 0x90],
    [0xF8, 0xB1, 0xDD],
    [0x5C, 0xE9, 0x1E],
    [0xAC, 0xBC, 0x32],
    [0x14, 0x7D, 0xDA],
    [0xBC, 0xD0, 0x74],
    [0x60, 0x3E, 0x5F],
];

/// Type allocation codes (the first eight IMEI digits) of Apple handsets.
const APPLE_TACS: [&str; 5] = ["35884811", "35391110", "35325811", "35674108", "35407115"];

/// A person in the directory of a simulated organization.
#[derive(Debug, Clone, Copy)]
pub(super) struct Person {
    pub(super) first: &'static str,
    pub(super) last: &'static str,
    /// The directory login, ASCII: `akiko.tanaka`.
    pub(super) login: &'static str,
    pub(super) position: &'static str,
}

impl Person {
    /// `Akiko Tanaka`.
    pub(super) fn real_name(&self) -> String {
        format!("{} {}", self.first, self.last)
    }

    /// `akiko.tanaka@northwind-labs.example`.
    pub(super) fn email(&self, org: &Org) -> String {
        format!("{}@{}", self.login, org.domain)
    }

    /// The first name in lower case ASCII, for device names (`mbp-akiko`).
    pub(super) fn handle(&self) -> &'static str {
        self.login.split('.').next().unwrap_or(self.login)
    }
}

/// Names with non-ASCII letters on purpose: receivers must keep UTF-8 intact.
const PEOPLE: [Person; 12] = [
    Person {
        first: "Akiko",
        last: "Tanaka",
        login: "akiko.tanaka",
        position: "Staff Engineer",
    },
    Person {
        first: "Ruth",
        last: "Okafor",
        login: "ruth.okafor",
        position: "Lab Technician",
    },
    Person {
        first: "Mateo",
        last: "García",
        login: "mateo.garcia",
        position: "Product Designer",
    },
    Person {
        first: "Sofia",
        last: "Lindqvist",
        login: "sofia.lindqvist",
        position: "IT Administrator",
    },
    Person {
        first: "Kwame",
        last: "Osei",
        login: "kwame.osei",
        position: "Data Analyst",
    },
    Person {
        first: "Priya",
        last: "Raman",
        login: "priya.raman",
        position: "Engineering Manager",
    },
    Person {
        first: "Jonas",
        last: "de Vries",
        login: "jonas.devries",
        position: "Security Analyst",
    },
    Person {
        first: "Chloé",
        last: "Martin",
        login: "chloe.martin",
        position: "Account Executive",
    },
    Person {
        first: "Daniel",
        last: "Kim",
        login: "daniel.kim",
        position: "Support Specialist",
    },
    Person {
        first: "Fatima",
        last: "Haddad",
        login: "fatima.haddad",
        position: "Finance Lead",
    },
    Person {
        first: "Liam",
        last: "O'Connor",
        login: "liam.oconnor",
        position: "Site Reliability Engineer",
    },
    Person {
        first: "Mei",
        last: "Chen",
        login: "mei.chen",
        position: "Recruiter",
    },
];

/// A simulated customer: its name, its Jamf Cloud subdomain and its mail domain (reserved
/// `.example` names, so simulated mail goes nowhere).
#[derive(Debug, Clone, Copy)]
pub(super) struct Org {
    pub(super) name: &'static str,
    /// `northwind`, as in `https://northwind.jamfcloud.com/`.
    pub(super) slug: &'static str,
    pub(super) domain: &'static str,
    /// Prefix of asset tags: `NW-004417`.
    pub(super) tag: &'static str,
}

impl Org {
    /// `https://northwind.jamfcloud.com/`.
    pub(super) fn jss_url(&self) -> String {
        format!("https://{}.jamfcloud.com/", self.slug)
    }
}

/// One name has an ampersand on purpose: XML receivers must unescape it.
const ORGS: [Org; 4] = [
    Org {
        name: "Northwind Labs",
        slug: "northwind",
        domain: "northwind-labs.example",
        tag: "NW",
    },
    Org {
        name: "Acme Robotics",
        slug: "acmerobotics",
        domain: "acme.example",
        tag: "ACME",
    },
    Org {
        name: "Blue Harbor Health",
        slug: "blueharbor",
        domain: "blueharbor.example",
        tag: "BHH",
    },
    Org {
        name: "Kestrel & Finch LLP",
        slug: "kestrelfinch",
        domain: "kestrelfinch.example",
        tag: "KF",
    },
];

/// Departments; `R&D` again tests XML escaping.
pub(super) const DEPARTMENTS: [&str; 8] = [
    "Platform",
    "R&D",
    "Finance",
    "Sales",
    "Customer Support",
    "Security",
    "People Operations",
    "Design",
];

/// Buildings, each with a room numbering style.
pub(super) const BUILDINGS: [&str; 5] = [
    "HQ Building 2",
    "Riverside Campus",
    "London Office",
    "Austin Hub",
    "Remote",
];

/// A Mac model and the prefix its device names take.
#[derive(Debug, Clone, Copy)]
pub(super) struct MacModel {
    pub(super) name: &'static str,
    pub(super) short: &'static str,
}

pub(super) const MAC_MODELS: [MacModel; 7] = [
    MacModel {
        name: "MacBook Pro (16-inch, 2021)",
        short: "mbp",
    },
    MacModel {
        name: "MacBook Pro (14-inch, M3, Nov 2023)",
        short: "mbp",
    },
    MacModel {
        name: "MacBook Air (13-inch, M2, 2022)",
        short: "mba",
    },
    MacModel {
        name: "MacBook Air (15-inch, M3, 2024)",
        short: "mba",
    },
    MacModel {
        name: "iMac (24-inch, M3, 2023)",
        short: "imac",
    },
    MacModel {
        name: "Mac mini (2023)",
        short: "mini",
    },
    MacModel {
        name: "Mac Studio (2023)",
        short: "studio",
    },
];

/// Released macOS versions with their build numbers.
pub(super) const MACOS: [(&str, &str); 6] = [
    ("13.6.7", "22G720"),
    ("14.4.1", "23E224"),
    ("14.5", "23F79"),
    ("14.7.1", "23H222"),
    ("15.1", "24B83"),
    ("15.2", "24C101"),
];

/// An iPhone or iPad model: its name, its kind, its board id (Jamf's `product`) and whether it
/// is cellular, with an IMEI and an ICCID.
#[derive(Debug, Clone, Copy)]
pub(super) struct MobileModel {
    pub(super) name: &'static str,
    pub(super) short: &'static str,
    pub(super) product: &'static str,
    pub(super) cellular: bool,
}

pub(super) const MOBILE_MODELS: [MobileModel; 6] = [
    MobileModel {
        name: "iPad Pro (11-inch) (4th generation)",
        short: "iPad",
        product: "J617AP",
        cellular: false,
    },
    MobileModel {
        name: "iPad (10th generation)",
        short: "iPad",
        product: "J271AP",
        cellular: false,
    },
    MobileModel {
        name: "iPad Air (5th generation)",
        short: "iPad",
        product: "J408AP",
        cellular: true,
    },
    MobileModel {
        name: "iPhone 15 Pro",
        short: "iPhone",
        product: "D83AP",
        cellular: true,
    },
    MobileModel {
        name: "iPhone 14",
        short: "iPhone",
        product: "D27AP",
        cellular: true,
    },
    MobileModel {
        name: "iPhone SE (3rd generation)",
        short: "iPhone",
        product: "D49AP",
        cellular: true,
    },
];

/// Released iOS and iPadOS versions with their build numbers.
pub(super) const IOS: [(&str, &str); 5] = [
    ("17.4.1", "21E236"),
    ("17.5.1", "21F90"),
    ("17.6.1", "21G93"),
    ("18.1", "22B83"),
    ("18.2", "22C152"),
];

/// The one generator and clock of a simulated payload.
pub(super) struct Values {
    rng: fastrand::Rng,
    now: DateTime<Utc>,
}

impl Values {
    /// Seeded: reproducible, clock included. Unseeded: fresh randomness, the real clock.
    pub(super) fn new(seed: Option<u64>) -> Self {
        match seed {
            Some(seed) => {
                let mut rng = fastrand::Rng::with_seed(seed);
                let ms = SEEDED_BASE_MS + rng.i64(0..SEEDED_SPAN_MS);
                let now = DateTime::from_timestamp_millis(ms).unwrap_or_default();
                Self { rng, now }
            }
            None => {
                // The OS's entropy where it answers; fastrand's own per-process seed otherwise.
                let seed = getrandom::u64().unwrap_or_else(|_| fastrand::u64(..));
                Self {
                    rng: fastrand::Rng::with_seed(seed),
                    now: Utc::now(),
                }
            }
        }
    }

    /// The moment the simulated event happens.
    pub(super) fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// A moment before now, between `min` and `max` seconds earlier, to the millisecond.
    pub(super) fn before(&mut self, min_secs: i64, max_secs: i64) -> DateTime<Utc> {
        let ms = self.rng.i64(min_secs * 1000..=max_secs * 1000);
        self.now - TimeDelta::milliseconds(ms)
    }

    /// One of `items`. The array type makes an empty list a compile error, not a panic.
    pub(super) fn pick<T: Copy, const N: usize>(&mut self, items: &[T; N]) -> T {
        const { assert!(N > 0, "pick needs a non-empty list") };
        items[self.rng.usize(..N)]
    }

    /// An integer in `range`.
    pub(super) fn int(&mut self, range: std::ops::RangeInclusive<i64>) -> i64 {
        self.rng.i64(range)
    }

    /// True with probability `p`.
    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.rng.f64() < p
    }

    pub(super) fn person(&mut self) -> Person {
        self.pick(&PEOPLE)
    }

    pub(super) fn org(&mut self) -> Org {
        self.pick(&ORGS)
    }

    /// A 12-character Apple serial number: a three-character factory prefix, then nine of
    /// Apple's serial characters (`C02XK1JDJG5J`).
    pub(super) fn mac_serial(&mut self) -> String {
        let prefix = self.pick(&MAC_SERIAL_PREFIXES);
        self.serial(prefix)
    }

    /// A 12-character iPhone or iPad serial number (`DMPXK2LFQ1GC`).
    pub(super) fn ios_serial(&mut self) -> String {
        let prefix = self.pick(&IOS_SERIAL_PREFIXES);
        self.serial(prefix)
    }

    fn serial(&mut self, prefix: &str) -> String {
        let mut serial = String::with_capacity(12);
        serial.push_str(prefix);
        for _ in prefix.len()..12 {
            serial.push(char::from(self.pick(SERIAL_CHARS)));
        }
        serial
    }

    /// A random (version 4) UUID in upper-case hex, the form Jamf shows UDIDs in:
    /// `5A3F8D2C-1B4E-4C7A-9E21-3D6F0A8B7C95`.
    pub(super) fn udid(&mut self) -> String {
        self.uuid().to_ascii_uppercase()
    }

    /// A random (version 4) UUID in lower-case hex, as Jamf writes management ids.
    pub(super) fn uuid(&mut self) -> String {
        // Version 4 in the 13th hex digit, the RFC 4122 variant (`10`) in the top of the 17th.
        let versioned = (self.rng.u128(..) & !(0xF << 76)) | (0x4 << 76);
        let bits = (versioned & !(0x3 << 62)) | (0x2 << 62);
        let hex = format!("{bits:032x}");
        format!(
            "{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )
    }

    /// A MAC address of an Apple network interface, upper-case hex with colons.
    pub(super) fn mac_address(&mut self) -> String {
        let [a, b, c] = self.pick(&APPLE_OUIS);
        let [d, e, f] = [self.rng.u8(..), self.rng.u8(..), self.rng.u8(..)];
        format!("{a:02X}:{b:02X}:{c:02X}:{d:02X}:{e:02X}:{f:02X}")
    }

    /// An address from one of the RFC 1918 private ranges, never a network or broadcast one.
    pub(super) fn private_ipv4(&mut self) -> String {
        let host = self.rng.u8(2..=254);
        match self.rng.u8(0..3) {
            0 => format!("10.{}.{}.{host}", self.rng.u8(10..=60), self.rng.u8(..)),
            1 => format!("172.{}.{}.{host}", self.rng.u8(16..=31), self.rng.u8(..)),
            _ => format!("192.168.{}.{host}", self.rng.u8(..)),
        }
    }

    /// An address from the documentation ranges (RFC 5737), for the public side of a login.
    pub(super) fn public_ipv4(&mut self) -> String {
        let net = self.pick(&["192.0.2", "198.51.100", "203.0.113"]);
        format!("{net}.{}", self.rng.u8(1..=254))
    }

    /// An IMEI of an Apple handset, Luhn check digit included, grouped as Jamf shows it:
    /// `35 884811 254923 1`.
    pub(super) fn imei(&mut self) -> String {
        let mut digits = self.pick(&APPLE_TACS).to_owned();
        for _ in 0..6 {
            digits.push(self.digit());
        }
        digits.push(luhn_digit(&digits));
        format!(
            "{} {} {} {}",
            &digits[0..2],
            &digits[2..8],
            &digits[8..14],
            &digits[14..]
        )
    }

    /// A 20-digit ICCID of a US carrier SIM (`89 01 …`), Luhn check digit included, grouped in
    /// fours as Jamf shows it.
    pub(super) fn iccid(&mut self) -> String {
        let mut digits = String::from("890141");
        for _ in 0..13 {
            digits.push(self.digit());
        }
        digits.push(luhn_digit(&digits));
        let groups: Vec<&str> = (0..5).map(|i| &digits[i * 4..i * 4 + 4]).collect();
        groups.join(" ")
    }

    fn digit(&mut self) -> char {
        char::from(b'0' + self.rng.u8(0..10))
    }

    /// `n` characters of Crockford base32.
    pub(super) fn crockford(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(self.pick(CROCKFORD))).collect()
    }

    /// A ULID for `at`: 10 characters of millisecond time, 16 of randomness, Crockford base32
    /// (`01JD4RC4XY9ZQ8V1K7M2T5B3WN`), so ids sort by time as cmdop's do.
    pub(super) fn ulid(&mut self, at: DateTime<Utc>) -> String {
        let ms = u128::from(u64::try_from(at.timestamp_millis()).unwrap_or(0) & 0xFFFF_FFFF_FFFF);
        let random = self.rng.u128(..) & ((1 << 80) - 1);
        let bits = ms << 80 | random;
        (0..26)
            .map(|i| {
                let index = (bits >> (125 - 5 * i)) & 0x1F;
                char::from(CROCKFORD[usize::try_from(index).unwrap_or(0)])
            })
            .collect()
    }

    /// `n` lower-case hex digits.
    pub(super) fn hex(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b"0123456789abcdef"[self.rng.usize(..16)]))
            .collect()
    }

    /// A MongoDB-style object id, as JumpCloud's ids are: eight hex digits of the creation
    /// second, then sixteen random ones (`6743a0f2c9e77d0001b2c3d4`).
    pub(super) fn object_id(&mut self, created: DateTime<Utc>) -> String {
        let secs = u32::try_from(created.timestamp()).unwrap_or(0);
        format!("{secs:08x}{}", self.hex(16))
    }
}

/// RFC 3339 in UTC with milliseconds: `2026-11-24T13:05:12.481Z`.
pub(super) fn rfc3339_millis(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// RFC 3339 in UTC to the second, as cmdop's document writes times: `2024-01-20T15:45:00Z`.
pub(super) fn rfc3339_secs(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The Luhn check digit that completes `digits` (ASCII digits only).
fn luhn_digit(digits: &str) -> char {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = char::from(b).to_digit(10).unwrap_or(0);
            if i % 2 == 0 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    char::from_digit((10 - sum % 10) % 10, 10).unwrap_or('0')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn luhn_valid(digits: &str) -> bool {
        let (body, check) = digits.split_at(digits.len() - 1);
        check.starts_with(luhn_digit(body))
    }

    #[test]
    fn the_seeded_base_is_the_documented_moment() {
        let base = DateTime::from_timestamp_millis(SEEDED_BASE_MS).unwrap();
        assert_eq!(rfc3339_secs(base), "2025-01-06T08:00:00Z");
    }

    #[test]
    fn luhn_digits_match_known_numbers() {
        // A published test IMEI and a well-known test card number.
        assert_eq!(luhn_digit("49015420323751"), '8');
        assert_eq!(luhn_digit("411111111111111"), '1');
    }

    #[test]
    fn identifiers_have_their_real_shapes() {
        let mut v = Values::new(Some(7));
        let imei: String = v.imei().chars().filter(char::is_ascii_digit).collect();
        assert_eq!(imei.len(), 15);
        assert!(luhn_valid(&imei), "{imei}");
        let iccid: String = v.iccid().chars().filter(char::is_ascii_digit).collect();
        assert_eq!(iccid.len(), 20);
        assert!(iccid.starts_with("89") && luhn_valid(&iccid), "{iccid}");
        let uuid = v.uuid();
        assert_eq!(uuid.len(), 36);
        assert_eq!(&uuid[14..15], "4", "version 4: {uuid}");
        assert!(
            matches!(&uuid[19..20], "8" | "9" | "a" | "b"),
            "RFC 4122 variant: {uuid}"
        );
        let at = DateTime::from_timestamp_millis(1_732_093_925_000).unwrap();
        let ulid = v.ulid(at);
        assert_eq!(ulid.len(), 26);
        // The time part of a ULID of 2024-11-20T09:12:05Z, as any ULID library encodes it.
        assert_eq!(&ulid[..10], "01JD4DFNM8");
        assert!(v.object_id(at).starts_with("673da7e5"));
    }

    #[test]
    fn a_seed_fixes_the_clock_and_every_value() {
        let mut a = Values::new(Some(42));
        let mut b = Values::new(Some(42));
        assert_eq!(a.now(), b.now());
        assert_eq!((a.mac_serial(), a.udid()), (b.mac_serial(), b.udid()));
        assert!(a.now().timestamp_millis() >= SEEDED_BASE_MS);
        assert!(a.now().timestamp_millis() < SEEDED_BASE_MS + SEEDED_SPAN_MS);
    }
}
