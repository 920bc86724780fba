# outcomes.tcl JSON: prints a grader's results file as lines the kit's tests
# can read with shell tools: `score N MAX`, then `LAB:CHECK OUTCOME` per check.
package require json

set f [open [lindex $argv 0]]
set results [json::json2dict [read $f]]
close $f
puts "score [dict get $results score] [dict get $results max_score]"
foreach t [dict get $results tests] {
    set extra [dict get $t extra_data]
    puts "[dict get $extra lab]:[dict get $extra check] [dict get $extra outcome]"
}
