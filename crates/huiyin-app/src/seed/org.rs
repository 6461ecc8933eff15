//! The demo province: 浙江省教育厅, four cities with their counties and schools, two
//! universities with departments, and the demo accounts.

use huiyin_core::org::{UnitId, UnitKind};
use huiyin_core::region::RegionTable;
use huiyin_core::role::Role;

use super::Rng;
use crate::context::App;
use crate::error::Result;
use crate::org::{NewUnitInput, NewUserInput};

/// Ids the generator needs.
#[derive(Clone, Debug, Default)]
pub struct DemoOrg {
    pub province: UnitId,
    pub province_office: UnitId,
    pub cities: Vec<UnitId>,
    /// (county bureau, its petition office, its schools)
    pub counties: Vec<(UnitId, UnitId, Vec<UnitId>)>,
    pub universities: Vec<(UnitId, Vec<UnitId>)>,
    /// The county of the demo accounts (杭州市西湖区).
    pub home_county: UnitId,
    pub home_office: UnitId,
    pub home_city: UnitId,
}

/// A demo account to print.
#[derive(Clone, Debug)]
pub struct DemoAccount {
    pub username: String,
    pub password: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub unit_name: String,
}

const CITIES: &[&str] = &["330100", "330200", "330300", "330600"];
pub(super) const SCHOOL_NAMES: &[&str] = &[
    "实验小学",
    "第一小学",
    "文新小学",
    "东湖中学",
    "城关中学",
    "育才小学",
    "外国语学校",
    "第二中学",
    "崇文小学",
    "新城初级中学",
    "星湖幼儿园",
    "江南实验学校",
    "求是小学",
    "行知中学",
    "春晖小学",
    "明德学校",
];

async fn unit(
    app: &App,
    name: String,
    kind: UnitKind,
    parent: Option<UnitId>,
    region: &str,
) -> Result<UnitId> {
    Ok(app
        .create_unit(
            None,
            NewUnitInput {
                name,
                kind,
                parent_id: parent,
                region_code: region.to_owned(),
            },
        )
        .await?
        .id)
}

/// Seeds the organisation. Call only on an empty database (the caller checks).
pub async fn seed_organisation(app: &App) -> Result<DemoOrg> {
    let regions = RegionTable::official();
    let mut rng = Rng::new(7);
    let mut org = DemoOrg::default();
    org.province = unit(
        app,
        "浙江省教育厅".into(),
        UnitKind::ProvincialDepartment,
        None,
        "330000",
    )
    .await?;
    org.province_office = unit(
        app,
        "浙江省教育厅信访处".into(),
        UnitKind::PetitionOffice,
        Some(org.province),
        "330000",
    )
    .await?;
    for code in CITIES {
        let city_name = regions.name(code).unwrap_or("某市").to_owned();
        let city = unit(
            app,
            format!("{city_name}教育局"),
            UnitKind::CityBureau,
            Some(org.province),
            code,
        )
        .await?;
        unit(
            app,
            format!("{city_name}教育局信访办"),
            UnitKind::PetitionOffice,
            Some(city),
            code,
        )
        .await?;
        org.cities.push(city);
        let districts: Vec<(String, String)> = regions
            .children(code)
            .iter()
            .take(if *code == "330100" { 6 } else { 4 })
            .map(|r| (r.code.as_str().to_owned(), r.name.clone()))
            .collect();
        for (dcode, dname) in districts {
            let county = unit(
                app,
                format!("{city_name}{dname}教育局"),
                UnitKind::CountyBureau,
                Some(city),
                &dcode,
            )
            .await?;
            let office = unit(
                app,
                format!("{city_name}{dname}教育局信访办"),
                UnitKind::PetitionOffice,
                Some(county),
                &dcode,
            )
            .await?;
            let short = dname.trim_end_matches(['区', '县', '市']).to_owned();
            let mut schools = Vec::new();
            for _ in 0..6 {
                let name = format!("{city_name}{dname}{short}{}", rng.pick(SCHOOL_NAMES));
                if let Ok(id) = unit(app, name, UnitKind::School, Some(county), &dcode).await {
                    schools.push(id);
                }
            }
            if dcode == "330106" {
                (org.home_county, org.home_office, org.home_city) = (county, office, city);
            }
            org.counties.push((county, office, schools));
        }
    }
    if org.home_county == 0
        && let Some((c, o, _)) = org.counties.first()
    {
        (org.home_county, org.home_office, org.home_city) =
            (*c, *o, org.cities.first().copied().unwrap_or(org.province));
    }
    for (name, region) in [("浙江师范学院", "330700"), ("钱塘理工大学", "330100")] {
        let uni = unit(
            app,
            name.into(),
            UnitKind::University,
            Some(org.province),
            region,
        )
        .await?;
        unit(
            app,
            format!("{name}信访办公室"),
            UnitKind::PetitionOffice,
            Some(uni),
            region,
        )
        .await?;
        let mut depts = Vec::new();
        for d in [
            "学生处",
            "教务处",
            "人事处",
            "后勤管理处",
            "计算机学院",
            "教育学院",
            "外国语学院",
        ] {
            depts.push(
                unit(
                    app,
                    format!("{name}{d}"),
                    UnitKind::UniversityDepartment,
                    Some(uni),
                    region,
                )
                .await?,
            );
        }
        org.universities.push((uni, depts));
    }
    Ok(org)
}

/// The CONTRACT demo accounts, then one account per level along the home chain (school,
/// city, province) with the case roles, so every flow can be tried end to end: forward to a
/// school and accept there, 复查 at the city, 复核 at the province. Each has password `demo`.
pub async fn seed_demo_users(app: &App, org: &DemoOrg) -> Result<Vec<DemoAccount>> {
    use Role::{Handler, Leader, Registrar};
    let home_school = org
        .counties
        .iter()
        .find(|(county, _, _)| *county == org.home_county)
        .and_then(|(_, _, schools)| schools.first().copied())
        .unwrap_or(org.home_county);
    let staff: &[Role] = &[Registrar, Handler, Leader];
    let accounts: [(&str, &str, &[Role], UnitId); 9] = [
        (
            "admin",
            "周建华（系统管理员）",
            &[Role::Admin],
            org.province,
        ),
        (
            "registrar",
            "王晓梅（登记员）",
            &[Registrar],
            org.home_office,
        ),
        ("handler", "李志强（承办人）", &[Handler], org.home_county),
        ("leader", "陈国平（单位负责人）", &[Leader], org.home_county),
        (
            "supervisor",
            "赵敏（督查员）",
            &[Role::Supervisor],
            org.home_city,
        ),
        (
            "auditor",
            "孙丽（审计管理员）",
            &[Role::Auditor],
            org.province,
        ),
        ("school", "吴静（学校信访联络员）", staff, home_school),
        ("city", "郑伟（市教育局信访工作人员）", staff, org.home_city),
        (
            "province",
            "钱红（省教育厅信访工作人员）",
            staff,
            org.province,
        ),
    ];
    let tree = app.org();
    let mut out = Vec::new();
    for (username, display, roles, unit_id) in accounts {
        app.create_user(
            None,
            NewUserInput {
                username: username.into(),
                password: "demo".into(),
                display_name: display.into(),
                unit_id,
                roles: roles.to_vec(),
            },
        )
        .await?;
        out.push(DemoAccount {
            username: username.into(),
            password: "demo".into(),
            display_name: display.into(),
            roles: roles.to_vec(),
            unit_name: tree
                .get(unit_id)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
        });
    }
    Ok(out)
}
