// The eight patterns of peers.tsv for yara -p 2. yara's regular expressions
// work on bytes: 〒 (U+3012) is E3 80 92 and hiragana U+3041..U+3096 is
// E3 81 81..E3 81 BF or E3 82 80..E3 82 96.
rule exposcan_bench_pii
{
    strings:
        $email = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/
        $phone = /0[0-9]{1,4}-[0-9]{1,4}-[0-9]{4}/
        $vin = /[A-HJ-NPR-Z0-9]{17}/
        $imei = /[0-9]{15}/
        $card = /[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}/
        $postcode = /\xE3\x80\x92 ?[0-9]{3}-[0-9]{4}/
        $plate = /[0-9]{3} \xE3(\x81[\x81-\xBF]|\x82[\x80-\x96]) [0-9]{1,2}-[0-9]{2}/
        $geo = /-?[0-9]{1,2}\.[0-9]{4,}, ?-?[0-9]{1,3}\.[0-9]{4,}/
    condition:
        any of them
}
