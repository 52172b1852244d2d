# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_examday_global_optspecs
    string join \n journal-dir= rules= idle-seconds= minutes= quick-start windowed free-pointer seed= questions= domain= missed no-sound camera= microphone= h/help V/version
end

function __fish_examday_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_examday_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_examday_using_subcommand
    set -l cmd (__fish_examday_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c examday -n "__fish_examday_needs_command" -l journal-dir -d 'Where to write the journal (default: $EXAMDAY_HOME/sessions, else ~/.local/share/examday/sessions)' -r -F
complete -c examday -n "__fish_examday_needs_command" -l rules -d 'How strict the proctor is' -r -f -a "lenient\t''
standard\t''
strict\t''"
complete -c examday -n "__fish_examday_needs_command" -l idle-seconds -d 'Seconds without input before the idle warning (default 90)' -r
complete -c examday -n "__fish_examday_needs_command" -l minutes -d 'Sit a shorter exam, to build stamina step by step (the journal says so)' -r
complete -c examday -n "__fish_examday_needs_command" -l seed -d 'Seed for the question and option order (default: random)' -r
complete -c examday -n "__fish_examday_needs_command" -l questions -d 'Sit N questions drawn from the exam, spread over its domains by their weights (default: the exam\'s `draw`, else all of them); the time allowed keeps the exam\'s time per question' -r
complete -c examday -n "__fish_examday_needs_command" -l domain -d 'Sit only this domain\'s questions (repeatable)' -r
complete -c examday -n "__fish_examday_needs_command" -l camera -d 'The camera that watches: auto (the first that opens; none is fine), off, a DEVICE (its number or part of its name), or frames:DIR[@FPS] (a folder of pictures played in name order, for demos and tests)' -r
complete -c examday -n "__fish_examday_needs_command" -l microphone -d 'The microphone that listens: auto (the default input, if one opens), off, or part of a device\'s name' -r
complete -c examday -n "__fish_examday_needs_command" -l quick-start -d 'Skip the candidate\'s checklist (recorded in the journal)'
complete -c examday -n "__fish_examday_needs_command" -l windowed -d 'A normal window instead of fullscreen (development, small screens)'
complete -c examday -n "__fish_examday_needs_command" -l free-pointer -d 'Do not confine the pointer to the window during the exam'
complete -c examday -n "__fish_examday_needs_command" -l missed -d 'Retake the questions of this exam answered wrongly or left unanswered in earlier sittings (read from the journal folder), the most recent misses first'
complete -c examday -n "__fish_examday_needs_command" -l no-sound -d 'No beeps'
complete -c examday -n "__fish_examday_needs_command" -s h -l help -d 'Print help'
complete -c examday -n "__fish_examday_needs_command" -s V -l version -d 'Print version'
complete -c examday -n "__fish_examday_needs_command" -a "run" -d 'Sit an exam in a fullscreen, focus-locked window (the default command)'
complete -c examday -n "__fish_examday_needs_command" -a "check" -d 'Check exam files: every error, then warnings about answer cues and careless items, compiler style, and a summary with the cue figures of each exam'
complete -c examday -n "__fish_examday_needs_command" -a "import" -d 'Convert question banks (GIFT, Aiken, Moodle XML, Markdown, CSV/TSV, Anki exports) into an exam file'
complete -c examday -n "__fish_examday_needs_command" -a "review" -d 'Replay a journal and print what happened: score, time, incidents, pace'
complete -c examday -n "__fish_examday_needs_command" -a "history" -d 'Every sitting side by side: score, time, focus, idle and stamina across attempts'
complete -c examday -n "__fish_examday_needs_command" -a "verify" -d 'Check a journal: intact and finished, intact but unfinished (exit 0 for both), or tampered (exit 1)'
complete -c examday -n "__fish_examday_needs_command" -a "exams" -d 'List the exams bundled in this binary (run one with `examday run NAME`)'
complete -c examday -n "__fish_examday_needs_command" -a "listen" -d 'Try the microphone: print what the proctor would hear (speech, loud sudden sounds, levels) as JSON lines. Nothing is recorded'
complete -c examday -n "__fish_examday_needs_command" -a "completions" -d 'Print a shell completion script: `examday completions bash > ~/.local/share/bash-completion/completions/examday`'
complete -c examday -n "__fish_examday_needs_command" -a "man" -d 'Print a manual page (roff): `examday man > examday.1 && man ./examday.1`; `examday man review` the page of one command (examday-review(1))'
complete -c examday -n "__fish_examday_needs_command" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c examday -n "__fish_examday_using_subcommand run" -l journal-dir -d 'Where to write the journal (default: $EXAMDAY_HOME/sessions, else ~/.local/share/examday/sessions)' -r -F
complete -c examday -n "__fish_examday_using_subcommand run" -l rules -d 'How strict the proctor is' -r -f -a "lenient\t''
standard\t''
strict\t''"
complete -c examday -n "__fish_examday_using_subcommand run" -l idle-seconds -d 'Seconds without input before the idle warning (default 90)' -r
complete -c examday -n "__fish_examday_using_subcommand run" -l minutes -d 'Sit a shorter exam, to build stamina step by step (the journal says so)' -r
complete -c examday -n "__fish_examday_using_subcommand run" -l seed -d 'Seed for the question and option order (default: random)' -r
complete -c examday -n "__fish_examday_using_subcommand run" -l questions -d 'Sit N questions drawn from the exam, spread over its domains by their weights (default: the exam\'s `draw`, else all of them); the time allowed keeps the exam\'s time per question' -r
complete -c examday -n "__fish_examday_using_subcommand run" -l domain -d 'Sit only this domain\'s questions (repeatable)' -r
complete -c examday -n "__fish_examday_using_subcommand run" -l camera -d 'The camera that watches: auto (the first that opens; none is fine), off, a DEVICE (its number or part of its name), or frames:DIR[@FPS] (a folder of pictures played in name order, for demos and tests)' -r
complete -c examday -n "__fish_examday_using_subcommand run" -l microphone -d 'The microphone that listens: auto (the default input, if one opens), off, or part of a device\'s name' -r
complete -c examday -n "__fish_examday_using_subcommand run" -l quick-start -d 'Skip the candidate\'s checklist (recorded in the journal)'
complete -c examday -n "__fish_examday_using_subcommand run" -l windowed -d 'A normal window instead of fullscreen (development, small screens)'
complete -c examday -n "__fish_examday_using_subcommand run" -l free-pointer -d 'Do not confine the pointer to the window during the exam'
complete -c examday -n "__fish_examday_using_subcommand run" -l missed -d 'Retake the questions of this exam answered wrongly or left unanswered in earlier sittings (read from the journal folder), the most recent misses first'
complete -c examday -n "__fish_examday_using_subcommand run" -l no-sound -d 'No beeps'
complete -c examday -n "__fish_examday_using_subcommand run" -s h -l help -d 'Print help'
complete -c examday -n "__fish_examday_using_subcommand check" -l json -d 'One JSON object (files, errors, warnings, cue figures) instead of text'
complete -c examday -n "__fish_examday_using_subcommand check" -l deny-warnings -d 'Exit 1 when there are warnings, as for errors'
complete -c examday -n "__fish_examday_using_subcommand check" -s h -l help -d 'Print help'
complete -c examday -n "__fish_examday_using_subcommand import" -l format -d 'The format of every file (default: from each file\'s extension and content)' -r -f -a "gift\t''
aiken\t''
moodle-xml\t''
markdown\t''
csv\t''"
complete -c examday -n "__fish_examday_using_subcommand import" -s o -l output -d 'The exam file to write (default: the first bank\'s name with .toml, in the current folder)' -r -F
complete -c examday -n "__fish_examday_using_subcommand import" -l title -d 'The exam\'s title (default: the title the bank gives itself, else the output\'s name)' -r
complete -c examday -n "__fish_examday_using_subcommand import" -l id -d 'The exam\'s id, which names its journals (default: from the output\'s name)' -r
complete -c examday -n "__fish_examday_using_subcommand import" -l minutes -d 'Minutes per sitting (default: two per question asked)' -r
complete -c examday -n "__fish_examday_using_subcommand import" -l pass-percent -d 'The pass mark in percent (default 70)' -r
complete -c examday -n "__fish_examday_using_subcommand import" -l draw -d 'Questions drawn per sitting (default: 60 from banks larger than that; 0: every question, every time)' -r
complete -c examday -n "__fish_examday_using_subcommand import" -l force -d 'Replace the output file (and the images beside it) if they exist'
complete -c examday -n "__fish_examday_using_subcommand import" -s h -l help -d 'Print help'
complete -c examday -n "__fish_examday_using_subcommand review" -l last -d 'The N-th most recent sitting in the journal folder (1: the latest); check-ins left before the exam started are passed over' -r
complete -c examday -n "__fish_examday_using_subcommand review" -l journal-dir -d 'The journal folder (default: `$EXAMDAY_HOME/sessions`, else `~/.local/share/examday/sessions`)' -r -F
complete -c examday -n "__fish_examday_using_subcommand review" -l html -d 'Also write the debrief as one self-contained HTML page (charts inline, no network)' -r -F
complete -c examday -n "__fish_examday_using_subcommand review" -l png -d 'Also write the timeline and pace charts as a PNG image' -r -F
complete -c examday -n "__fish_examday_using_subcommand review" -l json -d 'One JSON object instead of text'
complete -c examday -n "__fish_examday_using_subcommand review" -s h -l help -d 'Print help'
complete -c examday -n "__fish_examday_using_subcommand history" -l exam -d 'Only this exam\'s sittings' -r
complete -c examday -n "__fish_examday_using_subcommand history" -l png -d 'Also write score and stamina over attempts as a PNG image' -r -F
complete -c examday -n "__fish_examday_using_subcommand history" -l html -d 'Also write a page with the table and the charts' -r -F
complete -c examday -n "__fish_examday_using_subcommand history" -l json -d 'One JSON object instead of a table'
complete -c examday -n "__fish_examday_using_subcommand history" -l questions -d 'Instead of one row per sitting, one row per question of the exam (`--exam`): how often it was asked and missed, and how it went the last time'
complete -c examday -n "__fish_examday_using_subcommand history" -s h -l help -d 'Print help'
complete -c examday -n "__fish_examday_using_subcommand verify" -l last -d 'The N-th most recent sitting in the journal folder (1: the latest); check-ins left before the exam started are passed over' -r
complete -c examday -n "__fish_examday_using_subcommand verify" -l journal-dir -d 'The journal folder (default: `$EXAMDAY_HOME/sessions`, else `~/.local/share/examday/sessions`)' -r -F
complete -c examday -n "__fish_examday_using_subcommand verify" -s h -l help -d 'Print help'
complete -c examday -n "__fish_examday_using_subcommand exams" -s h -l help -d 'Print help'
complete -c examday -n "__fish_examday_using_subcommand listen" -l microphone -d '`auto` (the default input) or part of an input\'s name' -r
complete -c examday -n "__fish_examday_using_subcommand listen" -l seconds -d 'Stop after this many seconds' -r
complete -c examday -n "__fish_examday_using_subcommand listen" -l levels -d 'Print every block, not only those with speech or a spike: a level meter'
complete -c examday -n "__fish_examday_using_subcommand listen" -s h -l help -d 'Print help'
complete -c examday -n "__fish_examday_using_subcommand completions" -s h -l help -d 'Print help'
complete -c examday -n "__fish_examday_using_subcommand man" -s h -l help -d 'Print help'
complete -c examday -n "__fish_examday_using_subcommand help; and not __fish_seen_subcommand_from run check import review history verify exams listen completions man help" -f -a "run" -d 'Sit an exam in a fullscreen, focus-locked window (the default command)'
complete -c examday -n "__fish_examday_using_subcommand help; and not __fish_seen_subcommand_from run check import review history verify exams listen completions man help" -f -a "check" -d 'Check exam files: every error, then warnings about answer cues and careless items, compiler style, and a summary with the cue figures of each exam'
complete -c examday -n "__fish_examday_using_subcommand help; and not __fish_seen_subcommand_from run check import review history verify exams listen completions man help" -f -a "import" -d 'Convert question banks (GIFT, Aiken, Moodle XML, Markdown, CSV/TSV, Anki exports) into an exam file'
complete -c examday -n "__fish_examday_using_subcommand help; and not __fish_seen_subcommand_from run check import review history verify exams listen completions man help" -f -a "review" -d 'Replay a journal and print what happened: score, time, incidents, pace'
complete -c examday -n "__fish_examday_using_subcommand help; and not __fish_seen_subcommand_from run check import review history verify exams listen completions man help" -f -a "history" -d 'Every sitting side by side: score, time, focus, idle and stamina across attempts'
complete -c examday -n "__fish_examday_using_subcommand help; and not __fish_seen_subcommand_from run check import review history verify exams listen completions man help" -f -a "verify" -d 'Check a journal: intact and finished, intact but unfinished (exit 0 for both), or tampered (exit 1)'
complete -c examday -n "__fish_examday_using_subcommand help; and not __fish_seen_subcommand_from run check import review history verify exams listen completions man help" -f -a "exams" -d 'List the exams bundled in this binary (run one with `examday run NAME`)'
complete -c examday -n "__fish_examday_using_subcommand help; and not __fish_seen_subcommand_from run check import review history verify exams listen completions man help" -f -a "listen" -d 'Try the microphone: print what the proctor would hear (speech, loud sudden sounds, levels) as JSON lines. Nothing is recorded'
complete -c examday -n "__fish_examday_using_subcommand help; and not __fish_seen_subcommand_from run check import review history verify exams listen completions man help" -f -a "completions" -d 'Print a shell completion script: `examday completions bash > ~/.local/share/bash-completion/completions/examday`'
complete -c examday -n "__fish_examday_using_subcommand help; and not __fish_seen_subcommand_from run check import review history verify exams listen completions man help" -f -a "man" -d 'Print a manual page (roff): `examday man > examday.1 && man ./examday.1`; `examday man review` the page of one command (examday-review(1))'
complete -c examday -n "__fish_examday_using_subcommand help; and not __fish_seen_subcommand_from run check import review history verify exams listen completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
