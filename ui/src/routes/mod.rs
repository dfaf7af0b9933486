pub mod account;
pub mod enrol;
pub mod home;
pub mod join;
pub mod second_step;
pub mod setup;
pub mod sign_in;
pub mod verify_email;
