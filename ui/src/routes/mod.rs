pub mod home;
pub mod second_step;
pub mod sign_in;
