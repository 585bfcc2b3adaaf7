/// The demo province's chain of authority (RULES O1): the provincial office, supervising departments,
/// city and county HR bureaus with real place names, and synthetic employer units of every kind.
enum DemoOrganizations {
    static let provincialOffice = Organization(
        id: "jl-hrss", name: "吉林省人力资源和社会保障厅", shortName: "省人社厅", kind: .provincialOffice, parentID: nil,
        region: nil)

    /// Provincial supervising departments (省直主管部门): (id suffix, name, short name).
    static let departments: [(String, String, String)] = [
        ("edu", "吉林省教育厅", "省教育厅"),
        ("sci", "吉林省科学技术厅", "省科技厅"),
        ("health", "吉林省卫生健康委员会", "省卫生健康委"),
        ("miit", "吉林省工业和信息化厅", "省工业和信息化厅"),
        ("sasac", "吉林省人民政府国有资产监督管理委员会", "省国资委"),
        ("agri", "吉林省农业农村厅", "省农业农村厅"),
    ]

    /// The nine prefecture-level divisions, 长白山管委会 and 梅河口市, each with a few of its counties
    /// (county-level cities and districts): (id suffix, name, counties).
    static let cities: [(String, String, [String])] = [
        ("cc", "长春市", ["南关区", "朝阳区", "榆树市", "德惠市", "农安县"]),
        ("jl", "吉林市", ["船营区", "丰满区", "蛟河市", "桦甸市", "磐石市"]),
        ("sp", "四平市", ["铁西区", "铁东区", "双辽市", "梨树县", "伊通满族自治县"]),
        ("ly", "辽源市", ["龙山区", "西安区", "东丰县", "东辽县"]),
        ("th", "通化市", ["东昌区", "集安市", "通化县", "柳河县"]),
        ("bs", "白山市", ["浑江区", "临江市", "抚松县", "靖宇县"]),
        ("sy", "松原市", ["宁江区", "扶余市", "前郭尔罗斯蒙古族自治县", "乾安县"]),
        ("bc", "白城市", ["洮北区", "洮南市", "大安市", "镇赉县"]),
        ("yb", "延边朝鲜族自治州", ["延吉市", "图们市", "敦化市", "珲春市", "龙井市"]),
        ("cbs", "长白山管委会", ["池北区", "池西区", "池南区"]),
        ("mhk", "梅河口市", []),
    ]

    /// Employer units per kind; a few hundred in all.
    static let unitCounts: [(Organization.Kind, Int)] = [
        (.centralUnit, 24), (.provincialUnit, 60), (.cityUnit, 80), (.countyUnit, 70), (.privateEnterprise, 86),
    ]

    // Word stock for synthetic unit names; no real unit is named.
    static let brandWords = [
        "华信", "长兴", "北辰", "松江", "启明", "瑞丰", "恒远", "东岳", "新元", "博通", "嘉禾", "吉盛", "安泰", "鸿图",
        "立达", "海川", "正阳", "天宇", "宏业", "星河", "同创", "景福", "润达", "中和",
    ]
    static let enterpriseTrades = ["科技", "生物医药", "汽车零部件", "新材料", "光电", "农业发展", "软件", "化工", "装备制造", "数据服务"]
    static let institutionTypes = [
        ("研究院", "研究院"), ("职业技术学院", "职院"), ("人民医院", "医院"), ("农业科学研究所", "农科所"), ("中学", "中学"),
        ("检验检测中心", "检测中心"), ("设计院", "设计院"),
    ]

    /// The whole tree, parents before children.
    static func build(seed: UInt64) -> [Organization] {
        var random = SplitMix64(seed: seed, stream: 0xD1_5EA5E)
        var result = [provincialOffice]
        let departmentOrgs = departments.map { suffix, name, short in
            Organization(
                id: "dept-\(suffix)", name: name, shortName: short, kind: .provincialDepartment,
                parentID: provincialOffice.id, region: nil)
        }
        result += departmentOrgs
        var cityOrgs: [Organization] = []
        var countyOrgs: [Organization] = []
        // Short names are each one organization's (S1 names its documents by them): a county's that would be
        // its city's (通化县 and 通化市, both 通化) keeps its full place name.
        var usedShorts = Set(result.map(\.shortName))
        for (suffix, name, counties) in cities {
            let city = Organization(
                id: "city-\(suffix)", name: "\(name)人力资源和社会保障局", shortName: "\(shortPlace(name))人社局",
                kind: .cityBureau, parentID: provincialOffice.id, region: name)
            cityOrgs.append(city)
            usedShorts.insert(city.shortName)
        }
        for (city, (suffix, name, counties)) in zip(cityOrgs, cities) {
            for (index, county) in counties.enumerated() {
                var short = "\(shortPlace(county))人社局"
                if !usedShorts.insert(short).inserted {
                    short = "\(county)人社局"
                    usedShorts.insert(short)
                }
                countyOrgs.append(
                    Organization(
                        id: "county-\(suffix)-\(index + 1)",
                        name: "\(name)\(county)人力资源和社会保障局", shortName: short, kind: .countyBureau, parentID: city.id,
                        region: name))
            }
        }
        result += cityOrgs + countyOrgs
        var number = 0
        var usedNames = Set<String>()
        for (kind, count) in unitCounts {
            for _ in 0..<count {
                number += 1
                let parent: Organization
                switch kind {
                case .centralUnit, .provincialUnit: parent = random.pick(departmentOrgs)
                case .cityUnit: parent = random.pick(cityOrgs)
                case .countyUnit: parent = random.pick(countyOrgs)
                default: parent = random.chance(0.5) ? random.pick(cityOrgs) : random.pick(countyOrgs)
                }
                var (name, short) = unitName(kind, parent: parent, random: &random)
                if !usedNames.insert(name).inserted {
                    name += "（\(number)）"
                    short += "\(number)"
                    usedNames.insert(name)
                }
                if !usedShorts.insert(short).inserted {
                    short += "\(number)"
                    usedShorts.insert(short)
                }
                result.append(
                    Organization(
                        id: "unit-\(String(number + 10_000).dropFirst())", name: name, shortName: short, kind: kind,
                        parentID: parent.id, region: parent.region))
            }
        }
        return result
    }

    /// A synthetic name and short name that reads like a unit of its kind and place.
    static func unitName(_ kind: Organization.Kind, parent: Organization, random: inout SplitMix64) -> (String, String)
    {
        let brand = random.pick(brandWords)
        let place = parent.region.map(shortPlace) ?? "吉林"
        switch kind {
        case .centralUnit:
            let trade = random.pick(enterpriseTrades)
            return ("中国\(brand)\(trade)集团吉林分公司", "中\(brand)吉林")
        case .provincialUnit:
            let (type, short) = random.pick(institutionTypes)
            return ("吉林省\(brand)\(type)", "省\(brand)\(short)")
        case .cityUnit, .countyUnit:
            let (type, short) = random.pick(institutionTypes)
            let county =
                kind == .countyUnit
                ? shortPlace(String(parent.name.dropFirst(parent.region?.count ?? 0).prefix { $0 != "人" })) : ""
            return ("\(place)\(county)\(brand)\(type)", "\(place)\(county)\(brand)\(short)")
        default:
            let trade = random.pick(enterpriseTrades)
            return ("\(place)\(brand)\(trade)有限公司", "\(brand)\(trade)")
        }
    }

    /// 长春市 → 长春, 延边朝鲜族自治州 → 延边, 长白山管委会 → 长白山; two-character names keep their suffix.
    static func shortPlace(_ name: String) -> String {
        for suffix in ["朝鲜族自治州", "满族自治县", "蒙古族自治县", "管委会", "市", "县", "区"] where name.hasSuffix(suffix) {
            let stem = String(name.dropLast(suffix.count))
            return stem.count >= 2 ? stem : name
        }
        return name
    }
}
