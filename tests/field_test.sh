#!/usr/bin/env bash
# tests/field_test.sh OVP FIELD FORMATS WORKDIR: real input files read right, or
# refused with the cause and the fix.
#   FIELD    ../shared/field: files users bring, with the values its README states
#   FORMATS  tests/data/formats: iris written by NumPy and Python in every
#            format the reader takes (tests/data/formats/make_formats.py)
# Every reading of the same data must give the same lambda0, bit for bit: the
# value summary.json prints round-trips, so equal text is equal bits.
set -u
ovp=$1 field=$2 formats=$3 work=$4
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
fails=0 passes=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

fast="--widths 100 --iters 2 --quiet"
# run NAME FILE [OPTIONS]: du2019 on the file into out/NAME; prints its exit code
run() {
  local name=$1 file=$2; shift 2
  "$ovp" verify du2019 --data "$file" $fast --out "out/$name" "$@" >"$name.log" 2>&1
  echo $?
}
get() { # get NAME KEY: a number or string of out/NAME's summary.json
  grep -m1 "\"$2\":" "out/$1/du2019/ci/summary.json" | sed -e 's/.*": *//' -e 's/,$//' -e 's/"//g'
}
expect_read() { # expect_read NAME FILE N D [OPTIONS]
  local name=$1 file=$2 n=$3 d=$4; shift 4
  local rc; rc=$(run "$name" "$file" "$@")
  if [ "$rc" -gt 1 ] && [ "$rc" -ne 4 ]; then bad "$name: $(basename "$file") not read (exit $rc): $(head -c 400 "$name.log")"; return; fi
  [ "$(get "$name" data_n)" = "$n" ] && [ "$(get "$name" data_d)" = "$d" ] && ok ||
    bad "$name: n = $(get "$name" data_n), d = $(get "$name" data_d); want $n, $d"
}
expect_refusal() { # expect_refusal NAME FILE PATTERN [OPTIONS]
  local name=$1 file=$2 pattern=$3; shift 3
  local rc; rc=$(run "$name" "$file" "$@")
  if [ "$rc" -eq 2 ] && grep -qE -- "$pattern" "$name.log"; then ok
  else bad "$name: exit $rc, wanted 2 and '$pattern': $(head -c 400 "$name.log")"; fi
  [ -e "out/$name/du2019/ci/summary.json" ] && bad "$name: a refused run wrote a summary" || ok
}
same_lambda0() { # same_lambda0 NAME REFERENCE_NAME
  local a b; a=$(get "$1" lambda0) b=$(get "$2" lambda0)
  [ -n "$a" ] && [ "$a" = "$b" ] && ok || bad "$1: lambda0 $a differs from $2's $b"
}
# near LAMBDA REF N: |lambda0 - ref| <= n * (n/2) * eps, dsyevr's backward error
# for ||H|| <= trace(H) = n/2 (unit inputs)
near() {
  awk -v a="$1" -v r="$2" -v n="$3" 'BEGIN { t = n * n / 2 * 2.220446049250313e-16;
    d = a - r; if (d < 0) d = -d; exit !(d <= t) }' && ok || bad "lambda0 $1 is not within n^2/2 eps of $2"
}

# --- ../shared/field, as its README says
expect_read plain "$field/iris_plain_noheader.csv" 149 4
near "$(get plain lambda0)" 2.9085071096534387e-4 149
expect_read bom "$field/iris_bom_noheader.csv" 149 4
same_lambda0 bom plain
expect_read index "$field/iris_pandas_index.csv" 149 4
same_lambda0 index plain
grep -q "column 1 (unnamed, holding 0..148 in order: the index pandas or R write) was dropped" index.log && ok ||
  bad "the dropped index is not in the notes: $(head -c 300 index.log)"
[ "$(get index data_dropped_columns)" = "1" ] && ok || bad "data_dropped_columns: $(get index data_dropped_columns)"
expect_read index_kept "$field/iris_pandas_index.csv" 149 5 --drop-cols none
expect_read noindex "$field/iris_pandas_noindex.csv" 149 4
same_lambda0 noindex plain
[ "$(get noindex data_header)" = "sepal length (cm),sepal width (cm),petal length (cm),petal width (cm),target" ] &&
  ok || bad "the header text is not recorded: $(get noindex data_header)"
expect_read savetxt "$field/iris_savetxt_default.txt" 149 4
same_lambda0 savetxt plain
[ "$(get savetxt data_separator)" = "blanks (detected)" ] && ok || bad "separator: $(get savetxt data_separator)"
expect_refusal sk_iris "$field/sklearn_iris.csv" "data rows 102 and 143 point in the same direction"
"$ovp" verify oymak2019 --data "$field/sklearn_iris.csv" --quiet --out out/sk_iris_oy >sk_iris_oy.log 2>&1
[ $? -eq 2 ] && grep -q "102 and 143" sk_iris_oy.log && ok || bad "oymak2019 does not name rows 102 and 143: $(head -c 300 sk_iris_oy.log)"
expect_read sk_wine "$field/sklearn_wine_data.csv" 178 13
near "$(get sk_wine lambda0)" 1.5519000968484327e-4 178
expect_read wine "$field/wine_noheader.csv" 178 13
same_lambda0 wine sk_wine
expect_refusal r_csv "$field/iris_R_writecsv.csv" "column 6 \('Species'\) holds 3 class names .* give --labels setosa=1,versicolor=2,virginica=3"
expect_refusal r_csv_mapped "$field/iris_R_writecsv.csv" "data rows 102 and 143 point in the same direction" \
  --labels setosa=1,versicolor=2,virginica=3
expect_refusal uci "$field/iris_uci_classnames.csv" "column 5 holds 3 class names .* give --labels Iris-setosa=1"
expect_refusal uci_mapped "$field/iris_uci_classnames.csv" "data rows 102 and 143 point in the same direction" \
  --labels Iris-setosa=1,Iris-versicolor=-1,Iris-virginica=0
# two inputs 1e-6 rad apart: lambda0 = 1.591551930917627e-7 (multiprecision)
# to 1e-8 relative, and certified positive by its error bound
expect_read near "$field/near_parallel_1e-6.csv" 3 3
awk -v a="$(get near lambda0)" -v b="$(get near lambda0_error_bound)" 'BEGIN { r = 1.591551930917627e-7;
  d = (a - r) / r; if (d < 0) d = -d; exit !(d <= 1e-8 && a > b) }' && ok ||
  bad "near-parallel lambda0 $(get near lambda0) (bound $(get near lambda0_error_bound)) is not 1.591551930917627e-7 to 1e-8"

# dulee2018 on unscaled wine: the convex optimum certified and right,
# 0.020234327356874346 and trace 2.5149941511851908 (lambda = 1e-3) to 1e-6
"$ovp" verify dulee2018 --data "$field/wine_noheader.csv" --quiet --out out/wine_p1 >wine_p1.log 2>&1
grep -qE "P1.CVX.cert .* pass" wine_p1.log && ok || bad "wine: the convex optimum is not certified: $(head -c 400 wine_p1.log)"
w=out/wine_p1/dulee2018/ci/summary.json
awk -v v="$(grep -m1 '"opt_value"' $w | sed 's/.*: *//; s/,$//')" -v t="$(grep -m1 '"opt_trace"' $w | sed 's/.*: *//; s/,$//')" \
  'BEGIN { a = (v - 0.020234327356874346) / 0.020234327356874346; b = (t - 2.5149941511851908) / 2.5149941511851908;
  if (a < 0) a = -a; if (b < 0) b = -b; exit !(a <= 1e-6 && b <= 1e-6) }' && ok || bad "wine: opt_value/opt_trace off: $(grep opt_ $w | head -3)"

# --- one dataset, every format: the same lambda0, bit for bit
for f in iris_comma.csv iris_tab.tsv iris_savetxt_default.txt iris_crlf.csv iris_cr.csv iris_bom.csv \
  iris_quoted.csv iris_comma.csv.gz iris.npy iris_f4.npy iris_fortran.npy iris_be.npy iris_X_y.npz \
  iris_X_y_compressed.npz iris_int_label.npz; do
  name=fmt_${f//[.]/_}
  [ "$f" = iris_f4.npy ] && continue  # float32 rounds the values: another dataset
  expect_read "$name" "$formats/$f" 149 4
  same_lambda0 "$name" plain
done
expect_read fmt_semicolon "$formats/iris_semicolon.csv" 149 4
same_lambda0 fmt_semicolon plain
expect_read fmt_f4 "$formats/iris_f4.npy" 149 4
sha=$(sha256sum "$formats/iris_comma.csv.gz" | cut -d' ' -f1)
[ "$(get fmt_iris_comma_csv_gz data_sha256)" = "$sha" ] && ok || bad "data_sha256 is not sha256sum's $sha"
[ "$(get fmt_iris_comma_csv_gz data_format)" = "text+gzip" ] && ok || bad "format: $(get fmt_iris_comma_csv_gz data_format)"
expect_refusal npy_complex "$formats/complex.npy" "complex"
expect_refusal npy_object "$formats/object.npy" "object|'\|O'"
expect_refusal npz_many "$formats/many.npz" "arrays a, b, c"

# --- the kinds of file that were silently wrong, written here
printf '0,1,2,3,4\n5.1,3.5,1.4,0.2,0\n4.9,3.0,1.4,0.2,1\n' >intnames.csv
expect_refusal intnames intnames.csv "line 1 reads 0,1,...: column numbers .* give --header yes or --header no"
expect_read intnames_yes intnames.csv 2 4 --header yes
long=$(printf '1.%0200d' 0)
printf '%s,2,5\n4,5,6\n7,8,10\n' "$long" >long.csv
expect_read long long.csv 3 2
printf 'a;b;y\n1,5;2;1\n3;4;0\n' >comma_decimal.csv
expect_refusal comma_decimal comma_decimal.csv "line 2, field 1: '1,5' has a decimal comma"
printf 'a\tb\ty\n1\t0\t1\n0\t1\t-1\n' >tab.tsv
expect_read tab tab.tsv 2 2
printf '1,0,1\r0,1,-1\r' >cr.csv
expect_read cr cr.csv 2 2
printf 'x1,x2,y\n1,0,1\n0,1,-1\n' | gzip -n >gz.csv.gz
expect_read gz gz.csv.gz 2 2
printf 'x1,x2,y\n1,0,a\n0,1,b\n' >two.csv
expect_read two two.csv 2 2
grep -q "holds the class names 'a' and 'b', read as +1 and -1" two.log && ok || bad "two classes: no note"

head -c 500 "$formats/iris_comma.csv.gz" >truncated.csv.gz
expect_refusal truncated_gz truncated.csv.gz "the gzip data end early"
printf '\xff\xfe1\x00,\x000\x00\n\x00' >utf16.csv
expect_refusal utf16 utf16.csv "UTF-16 text .* save the file as UTF-8"
printf 'a,b,y\n1,NA,1\n0,1,2\n' >na.csv
expect_refusal na na.csv "line 2, field 2: 'NA' is a missing value"
printf '5,1;3,5;1\n4,9;3,0;0\n' >eu.csv
expect_refusal eu eu.csv "line 1, field 1: '5,1' has a decimal comma"
printf 'x1,x2,y\n1,0,1\n0,1,-1\n' >opts.csv
expect_refusal bad_delim opts.csv "--delimiter takes" --delimiter '|'
expect_refusal bad_label_name opts.csv "--label-col 'z' is not a column name" --label-col z
expect_read label_by_name opts.csv 2 2 --label-col x1
[ "$(get label_by_name data_label_column)" = "1 ('x1')" ] && ok || bad "label column: $(get label_by_name data_label_column)"
printf '1,0,1\n0,1,-1\n1,1,1\n' >headerless.csv
expect_refusal label_name_headerless headerless.csv "--label-col 'y' names a column, but the first row is numbers, not a header .* give a column number \(1 to 3\)" --label-col y
"$ovp" verify du2019 --header yes --out out/nodata >nodata.log 2>&1
[ $? -eq 2 ] && grep -q "give --data too" nodata.log && ok || bad "--header without --data: $(cat nodata.log)"

echo "field: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
