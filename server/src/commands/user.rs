//! `qalam user add` and `qalam user password`: accounts from the command
//! line, by the same rules (and words) as the admins' forms.

use crate::config::UserCommand;
use app::db::Db;
use app::messages;
use app::server::staff::{self, create_user, CreateUserError, NewUser};

pub async fn run(db: &Db, command: UserCommand, now: i64) -> anyhow::Result<()> {
    match command {
        UserCommand::Add { login, name, role } => {
            let password = read_password()?;
            let new = NewUser {
                login,
                name,
                role,
                password,
            };
            match create_user(db, &new, now).await {
                Ok(_) => {
                    println!("Added {} ({}).", new.login.trim().to_lowercase(), new.role);
                    Ok(())
                }
                Err(CreateUserError::Invalid(refusals)) => {
                    let problems: Vec<String> = refusals
                        .iter()
                        .map(|(field, refusal)| format!("{field}: {}", messages::refusal(refusal)))
                        .collect();
                    anyhow::bail!("the account was not added:\n  {}", problems.join("\n  "))
                }
                Err(CreateUserError::App(error)) => Err(error.into()),
            }
        }
        UserCommand::Password { login } => {
            let password = read_password()?;
            let login = login.trim().to_lowercase();
            let Some(account) = app::db::users::by_login(db, &login).await? else {
                anyhow::bail!("no account with login {login:?}");
            };
            match staff::set_password(db, account.id, &password).await? {
                Ok(ended) => {
                    println!("Password changed for {login}; {ended} sessions ended.");
                    Ok(())
                }
                Err(refusal) => anyhow::bail!("{}", messages::refusal(&refusal)),
            }
        }
    }
}

/// Reads a password from standard input: without echo on a terminal, else
/// the first line (for scripts: `printf '%s\n' "$PASSWORD" | qalam user add …`).
fn read_password() -> anyhow::Result<String> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ")?;
        let second = rpassword::prompt_password("Repeat the password: ")?;
        anyhow::ensure!(first == second, "the passwords differ");
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\n', '\r']).to_string())
    }
}
