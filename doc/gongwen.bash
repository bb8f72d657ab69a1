# bash completion for gongwen(1): the commands, each command's options, the values of
# --format and --diagnostics, and files (*.txt documents, folders) where a command takes them.
# Installed as DATADIR/bash-completion/completions/gongwen; works with or without the
# bash-completion package.

_gongwen()
{
    local cur prev cmd i
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    # --opt=value: bash splits it at '=' (COMP_WORDBREAKS)
    if [[ $cur == = ]]; then
        prev=${COMP_WORDS[COMP_CWORD-1]}; cur=
    elif [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
        prev=${COMP_WORDS[COMP_CWORD-2]}
    fi
    cmd=
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            -*) ;;
            *) cmd=${COMP_WORDS[i]}; break ;;
        esac
    done

    local commands="render dump fonts check proof help"
    if [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W "$commands -h --help -V --version" -- "$cur"))
        return
    fi

    case $prev in
        --format) COMPREPLY=($(compgen -W "pdf ofd pdf,ofd" -- "$cur")); return ;;
        --diagnostics) COMPREPLY=($(compgen -W "text json" -- "$cur")); return ;;
        -j|--jobs|--shard|--max-input-size|--max-memory|--dpi) return ;;
        -o|--output|--layout|--standard|--reference)
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -f -- "$cur"))
            return ;;
    esac

    local opts
    case $cmd in
        render) opts="-o --output --format -j --jobs --shard --layout --exact-outlines
                      --max-input-size --max-memory --warnings-as-errors --diagnostics -q --quiet
                      -h --help" ;;
        dump) opts="-q --quiet --max-input-size --diagnostics -h --help" ;;
        fonts) opts="-h --help" ;;
        check) opts="--diagnostics -q --quiet -h --help" ;;
        proof) opts="-o --output --dpi --layout --standard --reference --no-overlay
                     --update-references --diagnostics -q --quiet -h --help" ;;
        help) COMPREPLY=($(compgen -W "$commands" -- "$cur")); return ;;
        *) return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    [[ $cmd == fonts ]] && return
    # documents: *.txt and folders
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -d -- "$cur") $(compgen -f -X '!*.[tT][xX][tT]' -- "$cur"))
}
complete -F _gongwen gongwen
