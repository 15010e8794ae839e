//! An independent check of the "Values" rules of docs/SCHEMA.md and of
//! docs/elasticsearch-template.json: what Elasticsearch would reject at index time, and what a
//! Kibana user would trip over. Written from the schema, not from the encoder, so the two can
//! disagree.
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::OnceLock;

use serde_json::Value;

/// Field path → mapping type, from the committed index template.
pub fn template() -> &'static HashMap<String, String> {
    static TEMPLATE: OnceLock<HashMap<String, String>> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/docs/elasticsearch-template.json"
        );
        let text = std::fs::read_to_string(path).expect("docs/elasticsearch-template.json");
        let t: Value = serde_json::from_str(&text).expect("the template is JSON");
        let mut out = HashMap::new();
        walk(&t["template"]["mappings"]["properties"], "", &mut out);
        assert!(!out.is_empty(), "the template maps no field");
        out
    })
}

fn walk(props: &Value, prefix: &str, out: &mut HashMap<String, String>) {
    for (name, m) in props.as_object().expect("properties is an object") {
        let path = format!("{prefix}{name}");
        if let Some(inner) = m.get("properties") {
            walk(inner, &format!("{path}."), out);
        } else {
            let ty = m["type"].as_str().expect("every leaf has a type");
            out.insert(path, ty.to_string());
        }
    }
}

/// Every way `doc` breaks a rule, as `field: why`. Empty means Elasticsearch takes it with
/// the template's types.
pub fn violations(doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let failure = doc["tags"]
        .as_array()
        .is_some_and(|t| t.iter().any(|t| t == "_elbparsefailure"));
    let mut leaves = Vec::new();
    flatten(doc, "", &mut leaves);
    for (path, v) in leaves {
        let Some(ty) = template().get(&path) else {
            out.push(format!("{path}: not in the index template"));
            continue;
        };
        let values: Vec<&Value> = match v {
            Value::Array(items) => items.iter().collect(),
            v => vec![v],
        };
        for v in values {
            if let Err(why) = compatible(ty, v) {
                out.push(format!("{path}: {why} ({v})"));
            }
            // a failure document keeps the raw line; an unknown tail keeps AWS's `-` placeholders
            let dash_allowed = failure || path == "aws.elb.unknown_fields";
            if v == "-" && !dash_allowed {
                out.push(format!("{path}: `-` shipped as a value"));
            }
            if v == "" && !failure && path != "aws.elb.unknown_fields" {
                out.push(format!("{path}: empty string"));
            }
            if path.ends_with(".port") && !v.as_i64().is_some_and(|p| (0..=65535).contains(&p)) {
                out.push(format!("{path}: not a port ({v})"));
            }
            if !failure && BARE.contains(&path.as_str()) && v.as_str().is_some_and(not_bare) {
                out.push(format!(
                    "{path}: a quote or control byte in a bare field ({v})"
                ));
            }
        }
    }
    if failure && (!doc["error"]["message"].is_string() || !doc["message"].is_string()) {
        out.push("failure document without message and error.message".into());
    }
    if failure && doc["message"].as_str().is_some_and(|m| m.ends_with('\r')) {
        out.push("message: the line's framing (`\\r`) kept".into());
    }
    // connection and health-check logs come from ALBs: their `elb` is `app/NAME/ID`
    let alb_only = doc["event"]["action"] == "health_check" || doc["client"].is_object();
    if !failure
        && alb_only
        && let Some(name) = doc["aws"]["elb"]["name"].as_str().filter(|n| !alb_id(n))
    {
        out.push(format!("aws.elb.name: not an ALB resource id ({name})"));
    }
    out
}

/// Fields AWS writes as bare tokens: a quote or a control byte there is another field (or the
/// line's framing) shipped under their name.
const BARE: &[&str] = &[
    "aws.elb.ssl_cipher",
    "tls.cipher",
    "aws.elb.name",
    "aws.elb.alpn_fe_protocol",
    "aws.elb.alpn_be_protocol",
    "aws.elb.alpn_client_preference_list",
    "aws.elb.tls_keyexchange",
    "aws.elb.health_check.reason_code",
    "aws.elb.target_group.id",
];

fn not_bare(s: &str) -> bool {
    s.bytes().any(|c| c < 0x20 || c == b'"')
}

/// `app/NAME/ID`: three non-empty parts, the first `app`.
fn alb_id(s: &str) -> bool {
    let parts: Vec<&str> = s.split('/').collect();
    parts.len() == 3 && parts[0] == "app" && parts.iter().all(|p| !p.is_empty())
}

fn flatten<'a>(v: &'a Value, prefix: &str, out: &mut Vec<(String, &'a Value)>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                flatten(v, &format!("{prefix}{k}."), out);
            }
        }
        v => out.push((prefix.trim_end_matches('.').to_string(), v)),
    }
}

fn compatible(ty: &str, v: &Value) -> Result<(), &'static str> {
    match ty {
        "keyword" | "wildcard" | "match_only_text" | "text" => {
            v.as_str().map(|_| ()).ok_or("not a string")
        }
        "long" => match v {
            Value::Number(n) if n.is_i64() => Ok(()),
            Value::Number(n) if n.is_u64() => Err("beyond 2^63-1"),
            Value::Number(_) => Err("a float in a long field"),
            _ => Err("not a number"),
        },
        "double" => match v {
            // a timing written without a decimal point would make dynamic mapping pick `long`
            Value::Number(n) if n.is_f64() => Ok(()),
            Value::Number(_) => Err("an integer in a float field"),
            _ => Err("not a number"),
        },
        "ip" => {
            let s = v.as_str().ok_or("not a string")?;
            s.parse::<IpAddr>()
                .map(|_| ())
                .map_err(|_| "not an IP address")
        }
        "date_nanos" => date_nanos(v.as_str().ok_or("not a string")?),
        _ => Err("a mapping type this check does not know"),
    }
}

/// `strict_date_optional_time_nanos` as the encoder writes it: `YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z`,
/// a real date, within `date_nanos`' 1970–2262.
fn date_nanos(s: &str) -> Result<(), &'static str> {
    let b = s.as_bytes();
    let shape = b.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b.ends_with(b"Z");
    if !shape {
        return Err("not a UTC timestamp");
    }
    let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().map_err(|_| "not digits");
    let (year, month, day) = (n(0..4)?, n(5..7)?, n(8..10)?);
    let (hour, minute, second) = (n(11..13)?, n(14..16)?, n(17..19)?);
    let frac = &s[19..s.len() - 1];
    if !frac.is_empty() {
        let digits = frac.strip_prefix('.').ok_or("bad fraction")?;
        if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|c| c.is_ascii_digit()) {
            return Err("bad fraction");
        }
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1970..=2262).contains(&year) {
        return Err("outside date_nanos' range");
    }
    if !(1..=12).contains(&month) || day == 0 || day > days[month as usize - 1] {
        return Err("no such date");
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err("no such time");
    }
    // date_nanos is a signed 64-bit count of nanoseconds since 1970
    let nanos = format!("{:0<9}", frac.trim_start_matches('.'));
    if (year, month, day, hour, minute, second) > (2262, 4, 11, 23, 47, 16)
        || ((year, month, day, hour, minute, second) == (2262, 4, 11, 23, 47, 16)
            && nanos.as_str() > "854775807")
    {
        return Err("past date_nanos' end");
    }
    Ok(())
}
