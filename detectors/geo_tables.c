/*
 * Place and street tables (see geo_tables.h). Sources: the 47 prefectures
 * of Japan; the 地名 printed on Japanese plates as listed by MLIT (the
 * transport-bureau offices plus the ご当地 names of 2006, 2008, 2014 and 2020
 * and later rounds); USPS Publication 28 appendix C1 street suffixes;
 * AS/NZS 4819 road types; common UK and Indian street words; AU states and
 * territories, US states, Indian states and union territories, Indian RTO
 * state codes.
 */
#include <string.h>

#include "geo_tables.h"

const char *const es_geo_prefectures[] = {
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県",
    "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県",
    "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県",
    "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県",
    "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県",
    "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県",
    "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県", NULL,
};

/* Grouped by transport bureau. Longer names that contain a shorter one
 * (尾張小牧) are matched as whole alternatives by the plate pattern, which
 * sorts by length itself. */
const char *const es_geo_plate_regions[] = {
    /* 北海道 */
    "札幌", "函館", "旭川", "室蘭", "苫小牧", "釧路", "知床", "帯広", "北見",
    /* 東北 */
    "青森", "八戸", "弘前", "岩手", "盛岡", "平泉", "宮城", "仙台", "秋田", "山形",
    "庄内", "福島", "会津", "郡山", "白河", "いわき",
    /* 関東 */
    "水戸", "土浦", "つくば", "宇都宮", "那須", "とちぎ", "群馬", "前橋", "高崎",
    "大宮", "川口", "所沢", "川越", "熊谷", "春日部", "越谷", "千葉", "成田", "習志野",
    "市川", "船橋", "袖ヶ浦", "袖ケ浦", "市原", "野田", "柏", "松戸", "品川", "世田谷",
    "練馬", "杉並", "板橋", "足立", "江東", "葛飾", "八王子", "多摩", "横浜", "川崎",
    "湘南", "相模", "山梨", "富士山", "日光", "江戸川", "府中",
    /* 北陸信越 */
    "新潟", "長岡", "上越", "富山", "石川", "金沢", "福井", "長野", "松本", "諏訪",
    "安曇野",
    /* 中部 */
    "岐阜", "飛騨", "静岡", "浜松", "沼津", "伊豆", "名古屋", "豊橋", "三河", "岡崎",
    "豊田", "尾張小牧", "一宮", "春日井", "三重", "鈴鹿", "四日市", "伊勢志摩", "伊賀",
    /* 近畿 */
    "滋賀", "京都", "大阪", "なにわ", "和泉", "堺", "奈良", "飛鳥", "和歌山", "神戸",
    "姫路",
    /* 中国 */
    "鳥取", "島根", "出雲", "岡山", "倉敷", "広島", "福山", "山口", "下関",
    /* 四国 */
    "徳島", "香川", "高松", "愛媛", "高知",
    /* 九州・沖縄 */
    "福岡", "北九州", "久留米", "筑豊", "佐賀", "長崎", "佐世保", "熊本", "大分", "宮崎",
    "鹿児島", "奄美", "沖縄",
    NULL,
};

/* The 77 provinces of Thailand (Bangkok included), as printed on the
 * bottom line of Thai plates, plus Betong's own plate name. */
const char *const es_geo_th_provinces[] = {
    "กรุงเทพมหานคร", "กระบี่", "กาญจนบุรี", "กาฬสินธุ์", "กำแพงเพชร",
    "ขอนแก่น", "จันทบุรี", "ฉะเชิงเทรา", "ชลบุรี", "ชัยนาท",
    "ชัยภูมิ", "ชุมพร", "เชียงราย", "เชียงใหม่", "ตรัง", "ตราด",
    "ตาก", "นครนายก", "นครปฐม", "นครพนม", "นครราชสีมา",
    "นครศรีธรรมราช", "นครสวรรค์", "นนทบุรี", "นราธิวาส", "น่าน",
    "บึงกาฬ", "บุรีรัมย์", "ปทุมธานี", "ประจวบคีรีขันธ์",
    "ปราจีนบุรี", "ปัตตานี", "พระนครศรีอยุธยา", "พะเยา", "พังงา",
    "พัทลุง", "พิจิตร", "พิษณุโลก", "เพชรบุรี", "เพชรบูรณ์", "แพร่",
    "ภูเก็ต", "มหาสารคาม", "มุกดาหาร", "แม่ฮ่องสอน", "ยโสธร", "ยะลา",
    "ร้อยเอ็ด", "ระนอง", "ระยอง", "ราชบุรี", "ลพบุรี", "ลำปาง",
    "ลำพูน", "เลย", "ศรีสะเกษ", "สกลนคร", "สงขลา", "สตูล",
    "สมุทรปราการ", "สมุทรสงคราม", "สมุทรสาคร", "สระแก้ว", "สระบุรี",
    "สิงห์บุรี", "สุโขทัย", "สุพรรณบุรี", "สุราษฎร์ธานี", "สุรินทร์",
    "หนองคาย", "หนองบัวลำภู", "อ่างทอง", "อำนาจเจริญ", "อุดรธานี",
    "อุตรดิตถ์", "อุทัยธานี", "อุบลราชธานี", "เบตง",
    NULL,
};

const char *const es_geo_in_state_codes[] = {
    "AN", "AP", "AR", "AS", "BR", "CG", "CH", "DD", "DL", "DN", "GA", "GJ", "HP", "HR",
    "JH", "JK", "KA", "KL", "LA", "LD", "MH", "ML", "MN", "MP", "MZ", "NL", "OD", "OR",
    "PB", "PY", "RJ", "SK", "TN", "TR", "TS", "UK", "UP", "WB", NULL,
};

/* USPS C1 primary names, plural forms and standard abbreviations; AS/NZS
 * 4819 road types and abbreviations; UK and Indian street words. Lower
 * case, sorted for bsearch. */
static const char *const street_suffixes[] = {
    "allee", "alley", "aly", "annex", "anx", "arc", "arcade", "av", "ave", "avenue", "bayou",
    "beach", "bend", "bluff", "bluffs", "blvd", "bottom", "boulevard", "boulevarde", "brace",
    "branch", "bridge", "brook", "brooks", "burg", "burgs", "byp", "bypass", "camp", "canyon",
    "cape", "causeway", "cct", "center", "centers", "centre", "chase", "chowk", "cir", "circle",
    "circles", "circuit", "circus", "cl", "cliff", "cliffs", "close", "club", "common",
    "commons", "concourse", "corner", "corners", "course", "court", "courts", "cove", "coves",
    "cr", "creek", "cres", "crescent", "crest", "crossing", "crossroad", "crossroads", "ct",
    "curve", "dale", "dam", "divide", "dr", "drive", "drives", "esp", "esplanade", "estate",
    "estates", "expressway", "extension", "extensions", "fall", "falls", "ferry", "field",
    "fields", "flat", "flats", "ford", "fords", "forest", "forge", "forges", "fork", "forks",
    "fort", "freeway", "fwy", "gali", "garden", "gardens", "gate", "gateway", "glade", "glen",
    "glens", "gr", "grange", "green", "greens", "grove", "groves", "harbor", "harbors",
    "harbour", "haven", "heights", "highway", "hill", "hills", "hollow", "hts", "hwy", "inlet",
    "island", "islands", "isle", "junction", "junctions", "key", "keys", "knoll", "knolls",
    "lake", "lakes", "land", "landing", "lane", "light", "lights", "link", "ln", "loaf", "lock",
    "locks", "lodge", "lookout", "loop", "mall", "manor", "manors", "marg", "meadow", "meadows",
    "mews", "mill", "mills", "mission", "motorway", "mount", "mountain", "mountains", "neck",
    "orchard", "outlook", "oval", "overpass", "parade", "park", "parks", "parkway", "parkways",
    "pass", "passage", "path", "pathway", "pde", "pike", "pine", "pines", "pkwy", "pl", "place",
    "plain", "plains", "plaza", "point", "points", "port", "ports", "prairie", "promenade",
    "quay", "radial", "ramp", "ranch", "rapid", "rapids", "rd", "reach", "reserve", "rest",
    "retreat", "ridge", "ridges", "rise", "river", "road", "roads", "route", "row", "rue",
    "run", "salai", "shoal", "shoals", "shore", "shores", "skyway", "spring", "springs", "spur",
    "spurs", "sq", "square", "squares", "st", "station", "strand", "stravenue", "stream",
    "street", "streets", "summit", "tce", "terrace", "throughway", "trace", "track",
    "trafficway", "trail", "trailer", "trl", "tunnel", "turnpike", "underpass", "union",
    "unions", "vale", "valley", "valleys", "viaduct", "view", "views", "village", "villages",
    "ville", "vista", "walk", "walks", "wall", "way", "ways", "well", "wells", "wharf", "wynd",
    "yard",
};

static int ascii_lower(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
}

int es_geo_street_suffix(const char *word, size_t len)
{
    /* Longest entry is "throughway"/"trafficway" (10); anything longer
     * cannot match. */
    char low[16];
    if (len > 0 && word[len - 1] == '.')
        len--;
    if (len == 0 || len >= sizeof low)
        return 0;
    for (size_t i = 0; i < len; i++)
        low[i] = (char)ascii_lower((unsigned char)word[i]);
    low[len] = '\0';
    size_t lo = 0, hi = sizeof street_suffixes / sizeof street_suffixes[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = strcmp(low, street_suffixes[mid]);
        if (r == 0)
            return 1;
        if (r < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

/* Codes compare exactly (upper case); names ASCII case-insensitively. */
static const char *const state_codes[] = {
    /* Australia */
    "NSW", "VIC", "QLD", "SA", "WA", "TAS", "NT", "ACT",
    /* United States (50 states and DC) */
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL",
    "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE",
    "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD",
    "TN", "TX", "UT", "VT", "VA", "WV", "WI", "WY", NULL,
};

static const char *const state_names[] = {
    /* Indian states and union territories, current and former names */
    "Andhra Pradesh", "Arunachal Pradesh", "Assam", "Bihar", "Chhattisgarh", "Goa",
    "Gujarat", "Haryana", "Himachal Pradesh", "Jharkhand", "Karnataka", "Kerala",
    "Madhya Pradesh", "Maharashtra", "Manipur", "Meghalaya", "Mizoram", "Nagaland",
    "Odisha", "Orissa", "Punjab", "Rajasthan", "Sikkim", "Tamil Nadu", "Telangana",
    "Tripura", "Uttar Pradesh", "Uttarakhand", "West Bengal",
    "Andaman and Nicobar Islands", "Chandigarh", "Dadra and Nagar Haveli", "Daman and Diu",
    "Delhi", "Jammu and Kashmir", "Ladakh", "Lakshadweep", "Puducherry", "Pondicherry",
    /* Australian states in full */
    "New South Wales", "Victoria", "Queensland", "South Australia", "Western Australia",
    "Tasmania", "Northern Territory", "Australian Capital Territory",
    NULL,
};

int es_geo_state(const char *word, size_t len)
{
    for (const char *const *s = state_codes; *s; s++)
        if (strlen(*s) == len && memcmp(*s, word, len) == 0)
            return 1;
    for (const char *const *s = state_names; *s; s++) {
        if (strlen(*s) != len)
            continue;
        size_t i = 0;
        while (i < len && ascii_lower((unsigned char)word[i]) == ascii_lower((unsigned char)(*s)[i]))
            i++;
        if (i == len)
            return 1;
    }
    return 0;
}

size_t es_geo_prefecture_at(const char *text, size_t len)
{
    /* Byte by byte instead of strlen() and memcmp(): most names differ from
     * the text in their first bytes. */
    for (const char *const *p = es_geo_prefectures; *p; p++) {
        const char *k = *p;
        size_t n = 0;
        while (k[n] && n < len && text[n] == k[n])
            n++;
        if (!k[n])
            return n;
    }
    return 0;
}
