# bash completion for interleave-cli: verbs, options, scenario ids and files, strategies, models,
# parameters, export formats and themes. Installed as
# share/bash-completion/completions/interleave-cli, which bash-completion loads on first use.
#
# The verbs, options, scenarios and strategies come from the program itself (its --help and its
# `list` output, read in English), so new ones are offered without editing this file.

# The program's output in English whatever the user's locale: the headings are parsed.
_interleave_cli_run()
{
    LC_ALL=C LANGUAGE= "$_interleave_cli_program" "$@" 2>/dev/null
}

# The verbs: the "Verbs:" block of the top-level help.
_interleave_cli_verbs()
{
    _interleave_cli_run --help | awk '/^Verbs:/ { on = 1; next } on && /^$/ { exit } on { print $1 }'
}

# The options a verb takes, from its --help; before a verb, those every verb takes (the
# top-level help names them on one line) and --help, --version.
_interleave_cli_options()
{
    if [ -z "$1" ]; then
        _interleave_cli_run --help | sed -n 's/^Options every verb takes: //p' | grep -o -- '--[a-z-]*'
        printf '%s\n' --help --version
        return
    fi
    _interleave_cli_run "$1" --help |
        awk '/^Options:/ { on = 1; next } on && /^[^ ]/ { on = 0 } on && /^  -/ {
                 for (i = 1; i <= NF && $i ~ /^-/; i++) { sub(/,$/, "", $i); print $i } }'
}

# Lines of a block in `list --scenario S`: the first word of each line under HEADING.
_interleave_cli_block()
{
    _interleave_cli_run list --scenario "$1" | awk -v heading="$2:" '$0 == heading { on = 1; next } on && /^$/ { exit } on { print $1 }'
}

_interleave_cli()
{
    local cur prev words cword
    if declare -F _get_comp_words_by_ref >/dev/null; then
        # Keep "instances:2" one word (bash splits at colons by default).
        _get_comp_words_by_ref -n : cur prev words cword
    else
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD - 1]}
    fi
    # "--scenario=lo": bash splits at "=", so the option is two words back.
    if [ "$prev" = "=" ] && [ "$cword" -ge 2 ]; then
        prev=${words[cword - 2]}
    elif [ "$cur" = "=" ]; then
        cur=""
    fi

    # The program as typed (./build/app/cli/interleave-cli), else the one on PATH. Local, and
    # seen by the helpers above through bash's dynamic scope.
    local _interleave_cli_program=${words[0]}
    if ! command -v -- "$_interleave_cli_program" >/dev/null 2>&1; then
        _interleave_cli_program=interleave-cli
    fi

    local verb="" scenario=lost-update i
    local verbs
    verbs=$(_interleave_cli_verbs)
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
        --scenario) scenario=${words[i + 1]} ;;
        --scenario=*) scenario=${words[i]#--scenario=} ;;
        -*) ;;
        *)
            if [ -z "$verb" ] && grep -qxF -- "${words[i]}" <<<"$verbs"$'\nhelp'; then
                verb=${words[i]}
            fi
            ;;
        esac
    done

    COMPREPLY=()
    case $prev in
    --scenario)
        # Built-in ids (the lines of `list` indented by exactly two spaces), and .json files.
        COMPREPLY=($(compgen -W "$(_interleave_cli_run list | awk '/^  [^ ]/ { print $1 }')" -- "$cur"))
        COMPREPLY+=($(compgen -f -X '!*.json' -- "$cur") $(compgen -d -- "$cur"))
        compopt -o filenames 2>/dev/null
        return
        ;;
    --strategy)
        COMPREPLY=($(compgen -W "$(_interleave_cli_block "$scenario" Strategies)" -- "$cur"))
        return
        ;;
    --model)
        local models
        models=$(_interleave_cli_run list --scenario "$scenario" | sed -n 's/^Models: //p' | tr -d ,)
        COMPREPLY=($(compgen -W "$models" -- "$cur"))
        declare -F __ltrim_colon_completions >/dev/null && __ltrim_colon_completions "$cur"
        return
        ;;
    --db)
        COMPREPLY=($(compgen -W "mysql postgres" -- "$cur"))
        return
        ;;
    --isolation)
        COMPREPLY=($(compgen -W "ru rc rr ser" -- "$cur"))
        return
        ;;
    --backend)
        COMPREPLY=($(compgen -W "model mariadb postgres" -- "$cur"))
        return
        ;;
    --param)
        COMPREPLY=($(compgen -S = -W "$(_interleave_cli_block "$scenario" Parameters)" -- "$cur"))
        compopt -o nospace 2>/dev/null
        return
        ;;
    --session-file)
        COMPREPLY=($(compgen -f -X '!*.interleave' -- "$cur") $(compgen -d -- "$cur"))
        compopt -o filenames 2>/dev/null
        return
        ;;
    -o | --output | --pages | --worksheet | --answers)
        COMPREPLY=($(compgen -f -- "$cur"))
        compopt -o filenames 2>/dev/null
        return
        ;;
    --format)
        # The formats export --help names in prose.
        COMPREPLY=($(compgen -W "png svg pdf perfetto dot" -- "$cur"))
        return
        ;;
    --theme)
        COMPREPLY=($(compgen -W "light presenter" -- "$cur"))
        return
        ;;
    --paper)
        COMPREPLY=($(compgen -W "a4 letter" -- "$cur"))
        return
        ;;
    --schedule | --trials | --seed | --jitter | --time-scale | --max-preemptions | --budget | \
        --time-budget | --scale | --range | --cursor | --width | --db-url)
        return   # a value only the user knows
        ;;
    esac

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_interleave_cli_options "${verb#help}")" -- "$cur"))
    elif [ -z "$verb" ]; then
        COMPREPLY=($(compgen -W "$verbs help" -- "$cur"))
    elif [ "$verb" = help ] && [ "${words[cword - 1]}" = help ]; then
        COMPREPLY=($(compgen -W "$verbs" -- "$cur"))   # "help run" is "run --help"
    fi
}

complete -F _interleave_cli interleave-cli
